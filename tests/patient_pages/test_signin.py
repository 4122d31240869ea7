"""Sign-in with OpenID Connect against a real provider on loopback (tests/oidc_provider.py):
the flow, first sign-in and the terms, refusals, signing out (ours and the provider's)."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from app.flask_inbox import create_app
from app.patients.models import Patient
from app.web_sessions.models import WebSession
from tests import oidc_provider
from tests.html import csrf_token, page, text
from tests.patient_pages.signin_helpers import register, sign_in

KARI = oidc_provider.Person(pid="15058012359", name="Kari Nordmann")


@pytest.fixture(scope="module")
def provider():
    with oidc_provider.serving() as running:
        yield running


@pytest.fixture(params=["private_key_jwt", "client_secret_basic"])
def signin_app(request, app, provider, tmp_path, monkeypatch):
    """The app with real sign-in (no development login), on the test's database."""
    # Authlib's client insists on https except where told; the provider is on loopback.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    provider.fault, provider.person = None, KARI
    settings = register(provider, "http://localhost", request.param, tmp_path)
    return create_app(
        {
            **{
                k: app.config[k] for k in ("TESTING", "INNBOKS_ENV", "SECRET_KEY", "DATABASE_URL", "SITE_DIR")
            },
            **settings,
        }
    )


@pytest.fixture
def visitor(signin_app):
    return signin_app.test_client()


def patients(database) -> int:
    database.rollback()
    return database.scalar(select(func.count()).select_from(Patient))


def signed_in(client) -> bool:
    return client.get("/nb/innboks/").status_code == 200


def test_first_sign_in_asks_for_the_terms_once_then_opens_the_inbox(visitor, provider, database, set_time):
    callback = sign_in(visitor, "en", "/en/innboks/timeavtaler/")
    assert callback.status_code == 303
    terms_url = callback.headers["Location"]
    assert terms_url.startswith("/en/innboks/vilkar/")
    # Signed in, but no inbox before the terms are accepted.
    assert visitor.get("/en/innboks/").headers["Location"].startswith("/en/innboks/vilkar/")
    terms = visitor.get(terms_url)
    assert "I accept the terms" in terms.text
    accepted = visitor.post(
        terms_url, data={"csrf_token": csrf_token(terms.text), "next": "/en/innboks/timeavtaler/"}
    )
    assert accepted.headers["Location"] == "/en/innboks/timeavtaler/"
    database.rollback()
    kari = database.scalars(select(Patient)).one()
    assert (kari.national_id, kari.name) == (KARI.pid, "Kari Nordmann") and kari.is_portal_user
    inbox_response = visitor.get("/en/innboks/")
    inbox = page(inbox_response)
    assert "Signed in as Kari Nordmann" in text(inbox.select_one(".innboks-signed-in"))
    assert inbox.select_one(".innboks-signed-in button[type=submit]").get_text(strip=True) == "Sign out"
    # What the client asked the provider for: PKCE, state, nonce, the page's language, the level.
    asked = provider.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert asked["state"] and asked["nonce"] and asked["ui_locales"] == "en"
    assert asked["acr_values"] == "idporten-loa-high" and "openid" in asked["scope"].split()
    # The next sign-in goes straight to the inbox.
    visitor.post("/en/innboks/logg-ut/", data={"csrf_token": csrf_token(inbox_response.text)})
    assert sign_in(visitor, "en").headers["Location"] == "/en/innboks/"
    assert patients(database) == 1


def test_a_portal_user_can_stop_being_one(visitor, database):
    sign_in(visitor)
    terms = visitor.get("/nb/innboks/vilkar/")
    visitor.post("/nb/innboks/vilkar/", data={"csrf_token": csrf_token(terms.text)})
    terms = visitor.get("/nb/innboks/vilkar/")
    assert "Slutt å være bruker av portalen" in terms.text
    stopped = visitor.post("/nb/innboks/vilkar/avslutt", data={"csrf_token": csrf_token(terms.text)})
    assert stopped.status_code == 303
    database.rollback()
    assert database.scalars(select(Patient)).one().portal_user_since is None
    assert not signed_in(visitor)


def test_sign_in_renews_the_session_id_and_the_cookie_holds_only_that_id(visitor, database):
    sign_in(visitor)
    before = visitor.get_cookie("session").value
    assert sign_in(visitor).status_code == 303
    after = visitor.get_cookie("session").value
    assert after != before
    database.rollback()
    stored = set(database.scalars(select(WebSession.id)))
    assert f"innboks-session:{after}" in stored and f"innboks-session:{before}" not in stored
    assert "Kari" not in after and len(after) >= 40


def test_sign_out_deletes_the_session_and_ends_the_providers(visitor, provider, signin_app, database):
    sign_in(visitor)
    terms = visitor.get("/nb/innboks/vilkar/")
    visitor.post("/nb/innboks/vilkar/", data={"csrf_token": csrf_token(terms.text)})
    cookie = visitor.get_cookie("session").value
    inbox = visitor.get("/nb/innboks/")
    out = visitor.post("/nb/innboks/logg-ut/", data={"csrf_token": csrf_token(inbox.text)})
    end_session = urlsplit(out.headers["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == f"{provider.issuer}/endsession"
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/nb/innboks/logget-ut/"]
    assert query["id_token_hint"][0].count(".") == 2 and query["ui_locales"] == ["nb"]
    database.rollback()
    assert database.scalar(select(func.count()).select_from(WebSession)) == 0
    # The cookie from before signing out opens nothing.
    thief = signin_app.test_client()
    thief.set_cookie("session", cookie)
    assert not signed_in(thief)
    assert "Du er logget ut" in visitor.get("/nb/innboks/logget-ut/").text


def test_a_sign_out_from_the_provider_ends_our_session(visitor, provider, signin_app):
    sign_in(visitor)
    sid = provider.last_sid
    # In the provider's frame the visitor may not send our cookie: a client without it.
    frame = signin_app.test_client()
    wrong_issuer = frame.get("/nb/innboks/logg-ut/frontkanal", query_string={"iss": "http://x", "sid": sid})
    assert wrong_issuer.status_code == 400 and visitor.get("/nb/innboks/").status_code != 401
    assert (
        frame.get(provider.front_channel_logout_url("/nb/innboks/logg-ut/frontkanal", sid)).status_code == 200
    )
    assert visitor.get("/nb/innboks/").headers["Location"].startswith("/nb/innboks/logg-inn/")


REFUSALS = [
    ("issuer", 400, "Innloggingen mislyktes"),
    ("audience", 400, "Innloggingen mislyktes"),
    ("signature", 400, "Innloggingen mislyktes"),
    ("nonce", 400, "Innloggingen mislyktes"),
    ("expired", 400, "Innloggingen mislyktes"),
    ("acr", 403, "Innloggingsnivået ditt er for lavt"),
]


@pytest.mark.parametrize("fault,status,title", REFUSALS, ids=[fault for fault, _, _ in REFUSALS])
def test_a_token_that_fails_a_check_is_refused_with_nothing_stored(
    visitor, provider, database, caplog, fault, status, title
):
    if fault == "acr":
        provider.person = oidc_provider.Person(pid=KARI.pid, acr="idporten-loa-substantial")
    else:
        provider.fault = fault
    with caplog.at_level(logging.WARNING, logger="app.patient_pages.signin"):
        refused = sign_in(visitor)
    assert refused.status_code == status
    assert title in text(page(refused).select_one("h1"))
    assert [r for r in caplog.records if r.getMessage().startswith("Sign-in refused")]
    assert patients(database) == 0
    assert not signed_in(visitor)


def test_a_replayed_state_is_refused(visitor, signin_app, database, caplog):
    start = visitor.get("/nb/innboks/logg-inn/")
    back = urlsplit(
        requests.get(start.headers["Location"], allow_redirects=False, timeout=10).headers["Location"]
    )
    callback = f"{back.path}?{back.query}"
    assert visitor.get(callback).status_code == 303
    with caplog.at_level(logging.WARNING, logger="app.patient_pages.signin"):
        again = visitor.get(callback)  # the same state a second time, in the same visitor
        elsewhere = signin_app.test_client().get(callback)  # or in another one
    assert again.status_code == elsewhere.status_code == 400
    assert len([r for r in caplog.records if r.getMessage().startswith("Sign-in refused")]) == 2
    assert not signed_in(signin_app.test_client())
    assert patients(database) == 1  # the one sign-in that was good


def test_sign_in_is_404_without_a_provider(client):
    assert client.get("/nb/innboks/logg-inn/").status_code == 404


def test_only_the_provider_may_frame_the_front_channel_sign_out_and_receive_our_forms(signin_app, provider):
    client = signin_app.test_client()
    issuer = signin_app.config["OIDC_ISSUER"].rstrip("/")
    origin = "/".join(issuer.split("/")[:3])
    framed = client.get("/nb/innboks/logg-ut/frontkanal", query_string={"iss": "http://x", "sid": "s"})
    policy = framed.headers["Content-Security-Policy"]
    assert f"frame-ancestors {origin}" in policy and "X-Frame-Options" not in framed.headers
    page = client.get("/nb/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert f"form-action 'self' {origin}" in page.headers["Content-Security-Policy"]
