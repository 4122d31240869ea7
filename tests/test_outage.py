"""Issue 10: every database error that means the store cannot be used is the 503 page (or the
API's JSON) with Retry-After: corrupt, locked, without its schema, unreachable
(tests/test_database_unavailable.py)."""

import os
import sqlite3

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError

from app import migrations
from app.db import make_engine, store_unusable
from app.flask_inbox import create_app

POSTGRESQL_URL = os.environ.get("INNBOKS_TEST_DATABASE_URL")


def app_on(database_url, built_site):
    return create_app(
        {"TESTING": True, "SITE_DIR": str(built_site), "DEV_LOGIN": True, "DATABASE_URL": database_url}
    )


def assert_unavailable(app):
    client = app.test_client()
    page = client.get("/en/innboks/utvikler-innlogging/")  # lists the patients it knows
    assert page.status_code == 503 and page.headers["Retry-After"] == "60"
    assert BeautifulSoup(page.text, "html.parser").find("h1").get_text() == "The inbox is unavailable"
    api = client.get("/api/v1/patient-messages", headers={"Authorization": "Bearer innboks_x"})
    assert api.status_code == 503 and api.json["error"]["code"] == "unavailable"
    assert api.headers["Retry-After"] == "60"


def test_a_corrupt_sqlite_file(built_site, tmp_path):
    corrupt = tmp_path / "innboks.sqlite3"
    corrupt.write_bytes(b"not a database, " * 512)
    assert_unavailable(app_on(f"sqlite:///{corrupt}", built_site))


def test_sqlite_without_its_schema(built_site, tmp_path):
    assert_unavailable(app_on(f"sqlite:///{tmp_path / 'empty.sqlite3'}", built_site))


@pytest.mark.skipif(not POSTGRESQL_URL, reason="INNBOKS_TEST_DATABASE_URL is not set")
def test_postgresql_without_its_schema(built_site):
    # An empty schema of the test database, first on the search path: tables are missing there.
    engine = make_engine(POSTGRESQL_URL)
    with engine.begin() as connection:
        connection.execute(text("CREATE SCHEMA IF NOT EXISTS innboks_no_tables"))
    engine.dispose()
    separator = "&" if "?" in POSTGRESQL_URL else "?"
    assert_unavailable(
        app_on(f"{POSTGRESQL_URL}{separator}options=-csearch_path%3Dinnboks_no_tables", built_site)
    )


def test_a_locked_sqlite_database_is_unusable_and_a_broken_rule_is_not(tmp_path):
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = make_engine(f"sqlite:///{path}")
    engine.pool._creator = lambda: sqlite3.connect(path, timeout=0)  # don't wait the app's 15 s
    try:
        with pytest.raises(DatabaseError) as locked, engine.connect() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
        assert "locked" in str(locked.value) and store_unusable(locked.value)
        holder.execute("COMMIT")
        with pytest.raises(IntegrityError) as duplicate, engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        assert not store_unusable(duplicate.value)
    finally:
        engine.dispose()
        holder.close()


def test_all_connections_busy_is_unavailable_not_an_error(built_site, tmp_path):
    """A process whose every pooled connection is in use past the pool's timeout answers 503."""
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    migrations.upgrade(url)  # a store that works: only its connections are all taken
    app = app_on(url, built_site)
    assert app.test_client().get("/en/innboks/utvikler-innlogging/").status_code == 200
    engine = app.extensions["innboks.db"].kw["bind"]
    held = [engine.pool.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)]
    engine.pool._timeout = 0.05  # the pool's wait; 30 s by default
    try:
        assert_unavailable(app)
    finally:
        for connection in held:
            connection.close()


def test_the_next_page_works_after_postgresql_ended_every_connection(database_url, built_site):
    """A restart or a fail-over ends the pooled connections; the pool looks at each before
    use (app.db, _refuse_ended_connection), so the patient's next page is not the one that
    finds out."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to end connections")
    # A name of this app's own, so that only its connections are ended, not those of
    # whatever else this test process holds open.
    separator = "&" if "?" in database_url else "?"
    app = app_on(f"{database_url}{separator}application_name=innboks-outage-test", built_site)
    client = app.test_client()
    assert client.get("/en/innboks/utvikler-innlogging/").status_code == 200  # a pooled connection now
    admin = make_engine(database_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        ended = db.scalar(
            text(
                # With a timeout, it waits until each has ended, as a restart has.
                "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity"
                " WHERE application_name = 'innboks-outage-test'"
            )
        )
    admin.dispose()
    assert ended >= 1
    page = client.get("/en/innboks/utvikler-innlogging/")
    assert page.status_code == 200, page.text[:300]
    app.extensions["innboks.db"].kw["bind"].dispose()
