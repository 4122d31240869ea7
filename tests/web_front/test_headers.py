"""Every route answers with the security headers, signed in or not, whatever the
method; everything but the help site's files is no-store; HSTS in production only."""

from __future__ import annotations

import re

import pytest

from app.flask_inbox import create_app
from tests import factories

#: What each directive may allow besides nothing: our origin, this response's nonce,
#: and for images the data: URIs inside Material's stylesheet (they make no request).
ALLOWED = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "nonce"},
    "style-src": {"'self'"},
    "font-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "worker-src": {"'self'"},
    "frame-ancestors": {"'none'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
}
SAMPLE_ARGUMENTS = {"lang": "nb", "path": "om-innboks/", "filename": "x.css"}
#: The app sets no Server header (gunicorn's has no version: test_gunicorn.py); nothing names versions.
SOFTWARE_VERSION = re.compile(r"\b(Werkzeug|Flask|Python|gunicorn|Talisman|SQLAlchemy)/\d", re.IGNORECASE)


def csp(response) -> dict[str, set[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *values = part.split()
        directives[name] = {"nonce" if v.startswith("'nonce-") else v for v in values}
    return directives


def header_problems(response, endpoint: str | None) -> list[str]:
    problems = []
    directives = csp(response)
    for name, allowed in ALLOWED.items():
        if name not in directives:
            problems.append(f"CSP lacks {name}")
        elif not directives[name] <= allowed:
            problems.append(f"CSP {name} allows {directives[name] - allowed}")
    if "unsafe" in response.headers.get("Content-Security-Policy", ""):
        problems.append("CSP has an 'unsafe-…' source")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    problems += [
        f"{k}: {response.headers.get(k)!r}" for k, v in expected.items() if response.headers.get(k) != v
    ]
    if "camera=()" not in response.headers.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    if not (endpoint or "").startswith("helpsite.") and response.headers.get("Cache-Control") != "no-store":
        problems.append(f"Cache-Control {response.headers.get('Cache-Control')!r}, not no-store")
    for name, value in response.headers.items():
        if name in ("Server", "X-Powered-By") or SOFTWARE_VERSION.search(value):
            problems.append(f"{name}: {value} names our software")
    return problems


def every_request(app, samples: dict):
    """(method, url, endpoint) for every rule of the app, with sample arguments (1 for other ids)."""
    for rule in app.url_map.iter_rules():
        arguments = {name: samples.get(name, 1) for name in rule.arguments}
        url = rule.build(arguments)[1] if rule.arguments else rule.rule
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, rule.endpoint


def test_every_route_has_the_headers(app, client, database):
    patient = factories.patient(database)
    organisation, _token = factories.organisation(database)
    item = factories.item(database, patient, organisation)
    requests = list(every_request(app, {**SAMPLE_ARGUMENTS, "item_id": item.id}))
    requests.sort(key=lambda request: request[2] == "devlogin.logout")  # signed in till the end
    assert {endpoint for _, _, endpoint in requests} == {rule.endpoint for rule in app.url_map.iter_rules()}
    problems, statuses = [], {}
    for signed_in in (False, True):
        if signed_in:
            factories.login(client, patient)
        for method, url, endpoint in requests:
            response = client.open(url, method=method)
            statuses[signed_in, method, url] = response.status_code
            problems += [
                f"{method} {url} ({response.status_code}): {p}" for p in header_problems(response, endpoint)
            ]
    # Among them the patient's inbox and letter, with patient data on them.
    assert statuses[True, "GET", "/nb/innboks/"] == statuses[True, "GET", f"/nb/innboks/{item.id}/"] == 200
    assert not problems, "\n".join(problems)


def test_error_responses_have_them_too(client):
    for url, endpoint in (
        ("/nb/no-such-page/", "helpsite.page"),
        ("/no-such-file.txt", "helpsite.site_file"),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert not header_problems(response, endpoint), (url, header_problems(response, endpoint))
    # Refused while routing, before any view: no blueprint, so no-store.
    response = client.put("/nb/om-innboks/")
    assert response.status_code == 405
    assert not header_problems(response, None), header_problems(response, None)


def test_app_pages_get_a_fresh_nonce(client):
    assert "nonce" in csp(client.get("/nb/innboks/utvikler-innlogging/"))["script-src"]
    nonces = {
        client.get("/nb/innboks/utvikler-innlogging/")
        .headers["Content-Security-Policy"]
        .split("'nonce-")[1][:20]
        for _ in range(3)
    }
    assert len(nonces) == 3


def test_the_checks_catch_a_bare_response(app):
    """header_problems is not blind: a response without the front's headers has many."""
    bare = app.response_class("x")
    assert len(header_problems(bare, "inbox.index")) >= 8


@pytest.fixture
def production_app(monkeypatch, tmp_path, built_site):
    monkeypatch.setenv("INNBOKS_ENV", "production")
    monkeypatch.setenv("INNBOKS_SECRET_KEY", "k" * 48)
    monkeypatch.setenv("INNBOKS_DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    monkeypatch.setenv("INNBOKS_INSTANCE_PATH", str(tmp_path))
    return create_app({"SITE_DIR": str(built_site)})


def test_hsts_in_production_over_https(production_app):
    client = production_app.test_client()
    over_https = client.get("/nb/om-innboks/", base_url="https://innboks.example")
    assert over_https.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    # Behind the reverse proxy, which says so (ProxyFix, one proxy in production).
    proxied = client.get("/nb/om-innboks/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in proxied.headers
    assert "Strict-Transport-Security" not in client.get("/nb/om-innboks/").headers


def test_no_hsts_outside_production(client):
    response = client.get("/nb/om-innboks/", base_url="https://localhost")
    assert "Strict-Transport-Security" not in response.headers


def test_fonts_are_cached_and_pages_revalidated(client):
    font = client.get("/nb/assets/fonts/roboto-latin-400-normal.woff2")
    assert font.status_code == 200 and font.headers["Cache-Control"] == "public, max-age=2592000"
    assert "no-store" not in client.get("/nb/om-innboks/").headers.get("Cache-Control", "")
