"""Server-side sessions: the cookie holds only an id, signing out deletes the session,
idle and absolute timeouts by the app's clock, the warning's renewal, and a form refused
for an ended session keeps what the patient wrote. On the database and on Redis."""

from __future__ import annotations

import datetime as dt

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app import clock, web_sessions
from app.flask_inbox import create_app
from app.web_sessions.models import WebSession
from tests import factories
from tests.html import csrf_token, page, text

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
REDIS_URL = "redis://127.0.0.1:6379/15"


def inbox_opens(client) -> bool:
    return client.get("/nb/innboks/").status_code == 200


def test_idle_timeout_after_30_minutes_and_activity_keeps_the_session(client, database):
    kari = factories.patient(database)
    with clock.frozen_at(START):
        factories.login(client, kari)
    with clock.frozen_at(START + dt.timedelta(minutes=29)):
        assert inbox_opens(client)  # and renews the idle time
    with clock.frozen_at(START + dt.timedelta(minutes=58)):
        assert inbox_opens(client)
    with clock.frozen_at(START + dt.timedelta(minutes=58 + 31)):
        assert not inbox_opens(client)
    with clock.frozen_at(START + dt.timedelta(minutes=58 + 32)):
        assert not inbox_opens(client)  # ended for good, not only for one request


def stored_session(client, database) -> bytes:
    database.rollback()
    return database.get(WebSession, f"innboks-session:{client.get_cookie('session').value}").data


@pytest.mark.parametrize("later", [59, 60])
def test_activity_is_written_down_once_a_minute_and_the_timeout_counts_from_it(client, database, later):
    kari = factories.patient(database)
    with clock.frozen_at(START):
        factories.login(client, kari)
        assert inbox_opens(client)
    recorded = stored_session(client, database)
    with clock.frozen_at(START + dt.timedelta(seconds=later)):
        assert inbox_opens(client)
    written = later >= web_sessions.ACTIVITY_STEP_SECONDS
    assert (stored_session(client, database) != recorded) == written
    # 30 minutes after the activity written down: the first page's, unless the second was.
    with clock.frozen_at(START + dt.timedelta(seconds=later + 30 * 60)):
        assert inbox_opens(client) == written


def seconds_left_on_page(client) -> int:
    response = client.get("/nb/innboks/")
    assert response.status_code == 200
    return int(page(response).select_one("#innboks-session-warning")["data-seconds-left"])


IDLE = 30 * 60


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    gaps=st.lists(st.integers(0, IDLE + 2 * web_sessions.ACTIVITY_STEP_SECONDS), max_size=5),
    last=st.integers(0, 2 * web_sessions.ACTIVITY_STEP_SECONDS),  # often within the minute
    at_zero=st.booleans(),
)
def test_the_timeout_comes_within_a_minute_before_30_and_the_page_says_when(
    client, database, gaps, last, at_zero
):
    """Whatever the pauses between pages: a pause of at most 29 minutes never signs the
    patient out, one of over 30 always does, and the countdown each page carries is the
    time the server really allows, to the second."""
    kari = factories.patient(database)
    moment = START
    with clock.frozen_at(moment):
        factories.login(client, kari)
    for gap in [*gaps, last]:
        moment += dt.timedelta(seconds=gap)
        with clock.frozen_at(moment):
            opened = inbox_opens(client)
        if gap <= IDLE - web_sessions.ACTIVITY_STEP_SECONDS:
            assert opened, gap
        if gap > IDLE:
            assert not opened, gap
        if not opened:
            with clock.frozen_at(moment + dt.timedelta(seconds=1)):
                assert not inbox_opens(client)  # ended for good
            return
    with clock.frozen_at(moment):
        left = seconds_left_on_page(client)
    assert IDLE - web_sessions.ACTIVITY_STEP_SECONDS < left <= IDLE
    # To the second: the inbox still opens when the countdown reaches 0, not a second later.
    with clock.frozen_at(moment + dt.timedelta(seconds=left + (0 if at_zero else 1))):
        assert inbox_opens(client) == at_zero


def test_absolute_lifetime_ends_even_an_active_session(client, database):
    kari = factories.patient(database)
    with clock.frozen_at(START):
        factories.login(client, kari)
    moment = START
    while moment < START + dt.timedelta(hours=8):
        moment += dt.timedelta(minutes=20)
        with clock.frozen_at(moment):
            opened = inbox_opens(client)
        assert opened == (moment - START <= dt.timedelta(hours=8)), moment


def test_staying_signed_in_renews_the_idle_time(client, database):
    kari = factories.patient(database)
    with clock.frozen_at(START):
        factories.login(client, kari)
        token = csrf_token(client.get("/nb/innboks/").text)
    with clock.frozen_at(START + dt.timedelta(minutes=26)):
        stay = client.post("/nb/innboks/okt/", headers={"X-CSRFToken": token})
        assert stay.json == {"signed_in": True, "seconds_left": 30 * 60}
    with clock.frozen_at(START + dt.timedelta(minutes=26 + 29)):
        assert inbox_opens(client)
    with clock.frozen_at(START + dt.timedelta(minutes=26 + 29 + 31)):
        assert client.post("/nb/innboks/okt/", headers={"X-CSRFToken": token}).status_code == 400


def test_the_warning_is_on_inbox_pages_in_the_pages_language(client, database):
    with clock.frozen_at(START):  # the whole idle time left, to the second
        factories.login(client, factories.patient(database), lang="en")
        html = page(client.get("/en/innboks/"))
    warning = html.select_one("#innboks-session-warning")
    assert warning.has_attr("hidden") and not warning.has_attr("role")  # the script makes it an alert
    assert warning["data-seconds-left"] == str(30 * 60) and warning["data-warning-seconds"] == "300"
    assert "In 5 minutes you are signed out" in text(warning)
    script = html.select_one("script[src$='session-timeout.js']")
    assert client.get(script["src"]).status_code == 200
    assert "Signed in as Kari Nordmann" in text(html.select_one(".innboks-signed-in"))


def test_a_form_refused_for_an_ended_session_keeps_what_was_written(client, database):
    kari = factories.patient(database)
    with clock.frozen_at(START):
        factories.login(client, kari)
        form = client.get("/nb/innboks/ny-melding/")
    with clock.frozen_at(START + dt.timedelta(minutes=45)):
        refused = client.post(
            "/nb/innboks/ny-melding/",
            data={"csrf_token": csrf_token(form.text), "subject": "Resept", "text": "Jeg trenger ny resept."},
        )
    assert refused.status_code == 400
    html = page(refused)
    assert text(html.select_one("h1")) == "Du ble logget ut"
    assert [t.get_text() for t in html.select("textarea[readonly]")] == ["Resept", "Jeg trenger ny resept."]


def test_the_database_store_keeps_only_an_id_in_the_cookie_and_sign_out_deletes(client, database):
    factories.login(client, factories.patient(database))
    cookie = client.get_cookie("session").value
    database.rollback()
    assert database.get(WebSession, f"innboks-session:{cookie}") is not None
    client.post("/nb/innboks/logg-ut/", data={"csrf_token": csrf_token(client.get("/nb/innboks/").text)})
    database.rollback()
    assert list(database.scalars(select(WebSession.id))) == []
    other = client.application.test_client()
    other.set_cookie("session", cookie)
    assert not inbox_opens(other)


@pytest.fixture
def redis_client():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis server at {REDIS_URL} (the local one, 127.0.0.1:6379, is what CI has)")
    connection.flushdb()
    yield connection
    connection.flushdb()


def test_redis_store_when_configured(app, database, redis_client):
    on_redis = create_app(
        {
            **{
                k: app.config[k]
                for k in ("TESTING", "INNBOKS_ENV", "DEV_LOGIN", "SECRET_KEY", "DATABASE_URL", "SITE_DIR")
            },
            "SESSION_REDIS_URL": REDIS_URL,
        }
    )
    client = on_redis.test_client()
    factories.login(client, factories.patient(database))
    cookie = client.get_cookie("session").value
    assert redis_client.exists(f"innboks-session:{cookie}")
    assert 0 < redis_client.ttl(f"innboks-session:{cookie}") <= 8 * 3600
    database.rollback()
    assert list(database.scalars(select(WebSession.id))) == []  # not in the database
    assert inbox_opens(client)
    client.post("/nb/innboks/logg-ut/", data={"csrf_token": csrf_token(client.get("/nb/innboks/").text)})
    assert not redis_client.exists(f"innboks-session:{cookie}")
    assert not inbox_opens(client)


def test_tidying_expired_sessions_never_breaks_a_page_when_the_database_is_down(built_site, tmp_path):
    unreachable = create_app(
        {
            "TESTING": True,
            "INNBOKS_ENV": "test",
            "SITE_DIR": str(built_site),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-folder' / 'innboks.sqlite3'}",
        }
    )
    unreachable.session_interface._delete_expired_sessions()  # what runs before a request now and then
    client = unreachable.test_client()
    client.set_cookie("session", "a-session-id")
    assert client.get("/nb/").status_code == 200  # a help page needs no session
    assert client.get("/nb/innboks/").status_code == 503
