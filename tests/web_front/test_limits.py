"""Rate limits: sign-in, what a patient sends, the API; 429 with Retry-After, a page in
the reader's language or the API's JSON; counts shared through Redis."""

from __future__ import annotations

import ipaddress
import socket
import uuid

import pytest

from app.flask_inbox import create_app
from app.web_front.limits import LIMITED, NOT_LIMITED_POSTS
from tests import factories
from tests.html import csrf, page, text

REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def limited(app):
    """Makes apps like the test app, on its database, with the rate limits on (tests have them off)."""
    made = []

    def make(**config):
        keys = ("INNBOKS_ENV", "DEV_LOGIN", "SECRET_KEY", "DATABASE_URL", "SITE_DIR")
        made.append(
            create_app(
                {**{k: app.config[k] for k in keys}, "TESTING": True, "RATELIMIT_ENABLED": True, **config}
            )
        )
        return made[-1]

    yield make
    for each in made:
        each.extensions["innboks.db"].kw["bind"].dispose()


def from_address(client) -> str:
    """Gives the client an address of its own, so no other test's counts are in its way, nor
    another run's in Redis: one of 2**96 in IPv6's documentation prefix (one of 250 made a
    test meet its own earlier address now and then)."""
    address = str(ipaddress.IPv6Address((0x20010DB8 << 96) | (uuid.uuid4().int >> 32)))
    client.environ_base["REMOTE_ADDR"] = address
    return address


def assert_refused_for_now(response) -> None:
    assert response.status_code == 429, response.text
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("lang,title", [("nb", "For mange forsøk"), ("en", "Too many attempts")])
def test_sign_in_attempts(limited, database, lang, title):
    factories.patient(database)  # the login page has its form when there is someone to choose
    client = limited().test_client()
    from_address(client)
    url = f"/{lang}/innboks/utvikler-innlogging/"
    token = csrf(client)
    for _ in range(20):
        assert client.post(url, data={"csrf_token": token, "patient_id": "999999"}).status_code == 400
    refused = client.post(url, data={"csrf_token": token, "patient_id": "999999"})
    assert_refused_for_now(refused)
    html = page(refused)
    assert html.html["lang"] == lang and text(html.select_one("h1")) == title
    # Looking at the page is not an attempt; another address has its own count.
    assert client.get(url).status_code == 200
    from_address(client)
    assert client.post(url, data={"csrf_token": token, "patient_id": "999999"}).status_code == 400


def test_a_patients_messages(limited, database):
    app = limited()
    kari, ola = factories.patient(database), factories.patient(database, "Ola Nordmann")
    client = app.test_client()
    from_address(client)
    factories.login(client, kari, "en")
    url = "/en/innboks/ny-melding/"
    for _ in range(10):  # refused as empty, but each is a message sent
        assert (
            client.post(url, data={"csrf_token": csrf(client), "subject": " ", "text": " "}).status_code < 429
        )
    assert_refused_for_now(client.post(url, data={"csrf_token": csrf(client), "subject": " ", "text": " "}))
    assert client.get(url).status_code == 200  # reading the form is not sending
    # Counted per patient: another patient at the same address (a hospital's network) may send.
    factories.login(client, ola, "en")
    assert client.post(url, data={"csrf_token": csrf(client), "subject": " ", "text": " "}).status_code < 429


def test_api_per_token(limited, database):
    app = limited(RATELIMIT_API_PER_TOKEN="3 per minute")
    _organisation, token = factories.organisation(database)
    _other, other_token = factories.organisation(database, name="Helse Bergen")
    client = app.test_client()
    from_address(client)
    for _ in range(3):
        assert (
            client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )
    refused = client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"})
    assert_refused_for_now(refused)
    assert refused.json["error"]["code"] == "too_many_requests"
    assert (
        client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {other_token}"}).status_code
        == 200
    )


def test_api_per_address(limited, database):
    app = limited(RATELIMIT_API_PER_ADDRESS="4 per minute")
    client = app.test_client()
    from_address(client)
    tokens = [factories.organisation(database, name=f"Sykehus {n}")[1] for n in range(5)]
    statuses = [
        client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {t}"}).status_code
        for t in tokens
    ]
    assert statuses == [200, 200, 200, 200, 429]


def test_guessing_api_tokens(limited, database):
    """Refused tokens count per address; once over, the address waits, whatever it sends."""
    app = limited(RATELIMIT_API_REFUSED="3 per minute")
    _organisation, token = factories.organisation(database)
    client = app.test_client()
    from_address(client)
    for guess in range(3):
        assert (
            client.get(
                "/api/v1/patient-messages", headers={"Authorization": f"Bearer guess{guess}"}
            ).status_code
            == 401
        )
    assert_refused_for_now(client.get("/api/v1/patient-messages", headers={"Authorization": "Bearer guess4"}))
    assert (
        client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).status_code
        == 429
    )
    # Accepted requests are not counted as refused.
    from_address(client)
    for _ in range(5):
        assert (
            client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )


def test_every_sending_view_is_limited(app):
    """A new view that signs in or sends must get a limit (or be listed as sending nothing)."""
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert posts - NOT_LIMITED_POSTS <= set(LIMITED), posts - NOT_LIMITED_POSTS - set(LIMITED)
    assert set(LIMITED) - {rule.endpoint for rule in app.url_map.iter_rules()} == set()


def test_health_is_not_limited(limited):
    client = limited(RATELIMIT_API_PER_ADDRESS="1 per minute").test_client()
    assert all(client.get("/healthz").status_code == 200 for _ in range(30))


def _redis_or_reason() -> str | None:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError as exc:
        return f"no Redis at {REDIS[0]}:{REDIS[1]} ({exc}); start one to test the production storage"
    return None


def test_counts_are_shared_through_redis(limited, database):
    """Two workers (two apps) on one Redis: the count is one count."""
    reason = _redis_or_reason()
    if reason:
        pytest.skip(reason)
    factories.patient(database)
    uri = f"redis://{REDIS[0]}:{REDIS[1]}/0"
    first, second = (limited(RATELIMIT_STORAGE_URI=uri).test_client() for _ in range(2))
    address = from_address(first)
    second.environ_base["REMOTE_ADDR"] = address
    url = "/nb/innboks/utvikler-innlogging/"
    token_first, token_second = csrf(first), csrf(second)
    for client, token in [(first, token_first)] * 10 + [(second, token_second)] * 10:
        assert client.post(url, data={"csrf_token": token, "patient_id": "x"}).status_code == 400
    assert_refused_for_now(first.post(url, data={"csrf_token": token_first, "patient_id": "x"}))
    assert_refused_for_now(second.post(url, data={"csrf_token": token_second, "patient_id": "x"}))


def test_behind_our_proxy_the_address_is_the_clients(limited, database):
    """With our proxy in front (ProxyFix), each client has its own count; without it, a
    client cannot pick a fresh count by sending X-Forwarded-For itself."""
    factories.patient(database)
    url = "/nb/innboks/utvikler-innlogging/"

    def attempts(client, token, forwarded_for):
        headers = {"X-Forwarded-For": forwarded_for}
        return client.post(url, data={"csrf_token": token, "patient_id": "x"}, headers=headers).status_code

    proxied = limited(PROXY_COUNT=1, RATELIMIT_SIGN_IN="2 per minute").test_client()
    from_address(proxied)  # the proxy's address
    token = csrf(proxied)
    assert [attempts(proxied, token, "203.0.113.1") for _ in range(3)] == [400, 400, 429]
    assert attempts(proxied, token, "203.0.113.2") == 400

    direct = limited(PROXY_COUNT=0, RATELIMIT_SIGN_IN="2 per minute").test_client()
    from_address(direct)
    token = csrf(direct)
    assert [attempts(direct, token, f"203.0.113.{n}") for n in range(3)] == [400, 400, 429]


def test_guessing_a_receipt_signature_is_stopped(limited):
    client = limited(RATELIMIT_RECEIPTS_REFUSED="3 per minute", SMS_RECEIPT_SECRET="secret").test_client()
    from_address(client)
    answers = [client.post("/receipts/sms", json={"id": "p-1", "status": "x"}).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 429, 429]
