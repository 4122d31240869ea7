"""app.db's engine on PostgreSQL: each process names its connections after its pid, so an
operator reading pg_stat_activity (and bench/dispatch.py, waiting for its workers) can
tell which process holds which connection."""

import multiprocessing
import os

import pytest
from sqlalchemy import text

from app.db import application_name, make_engine

POSTGRESQL_URL = os.environ.get("INNBOKS_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not POSTGRESQL_URL, reason="INNBOKS_TEST_DATABASE_URL is not set")


def _name_seen_by(engine, answer) -> None:
    # A forked child must not reuse the parent's pooled connections (SQLAlchemy's advice).
    engine.dispose(close=False)
    with engine.connect() as db:
        answer.put((os.getpid(), db.scalar(text("SHOW application_name"))))


def test_each_process_names_its_connections_after_its_own_pid():
    engine = make_engine(POSTGRESQL_URL)
    with engine.connect() as db:
        assert db.scalar(text("SHOW application_name")) == application_name(os.getpid())
        backends = db.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :n"),
            {"n": application_name(os.getpid())},
        )
        assert backends >= 1
    # Forked after the engine was made, as gunicorn's workers are: the child's own pid.
    fork = multiprocessing.get_context("fork")
    answer = fork.Queue()
    child = fork.Process(target=_name_seen_by, args=(engine, answer))
    child.start()
    pid, name = answer.get(timeout=30)
    child.join(30)
    assert pid != os.getpid() and name == application_name(pid)
    engine.dispose()


def test_a_name_in_the_address_is_kept():
    separator = "&" if "?" in POSTGRESQL_URL else "?"
    engine = make_engine(f"{POSTGRESQL_URL}{separator}application_name=innboks-reports")
    with engine.connect() as db:
        assert db.scalar(text("SHOW application_name")) == "innboks-reports"
    engine.dispose()
