"""app.db's engine on PostgreSQL:
- each process names its connections after its pid, so an operator reading
  pg_stat_activity (and bench/dispatch.py, waiting for its workers) can tell which process
  holds which connection;
- a transaction begins with the first statement that writes or locks, so a page that only
  reads sends no BEGIN and no ROLLBACK, and what writes is still all or nothing;
- the pool replaces a connection the server has ended, found without a round trip."""

import multiprocessing
import os
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.pq import TransactionStatus
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.db import application_name, has_something_to_read, make_engine, only_reads

POSTGRESQL_URL = os.environ.get("INNBOKS_TEST_DATABASE_URL")
postgresql = pytest.mark.skipif(not POSTGRESQL_URL, reason="INNBOKS_TEST_DATABASE_URL is not set")


def _name_seen_by(engine, answer) -> None:
    # A forked child must not reuse the parent's pooled connections (SQLAlchemy's advice).
    engine.dispose(close=False)
    with engine.connect() as db:
        answer.put((os.getpid(), db.scalar(text("SHOW application_name"))))


@postgresql
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


@postgresql
def test_a_name_in_the_address_is_kept():
    separator = "&" if "?" in POSTGRESQL_URL else "?"
    engine = make_engine(f"{POSTGRESQL_URL}{separator}application_name=innboks-reports")
    with engine.connect() as db:
        assert db.scalar(text("SHOW application_name")) == "innboks-reports"
    engine.dispose()


# Which statements may run outside a transaction.


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT item.id FROM item WHERE item.patient_id = %(p)s",
        "  select count(*) from item",
        "WITH RECURSIVE seen(v) AS (SELECT 1) SELECT v FROM seen",
        "SELECT item.updated_at, last_update FROM item",  # words that only contain a write's
    ],
)
def test_reads_run_outside_a_transaction(statement):
    assert only_reads(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO item (id) VALUES (1)",
        "UPDATE item SET read_at = now()",
        "DELETE FROM web_session WHERE expires_at <= %(now)s",
        "SELECT dispatch.id FROM dispatch WHERE status = 'queued' FOR UPDATE SKIP LOCKED",
        "SELECT id FROM item FOR NO KEY UPDATE",
        "SELECT id FROM item FOR KEY SHARE",
        "WITH gone AS (DELETE FROM item RETURNING id) SELECT count(*) FROM gone",
        "SELECT nextval('item_id_seq')",
        "SELECT set_config('statement_timeout', '1s', true)",
        "SELECT pg_advisory_xact_lock(%(key)s)",
        "SELECT pg_try_advisory_lock(1)",
        "SAVEPOINT sa_savepoint_1",
        "CREATE TABLE x (id int)",
        "SHOW application_name",
    ],
)
def test_writes_locks_and_the_rest_open_a_transaction(statement):
    assert not only_reads(statement)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["INSERT", "UPDATE", "DELETE", "FOR SHARE", "LOCK"]))
def test_no_statement_that_names_a_write_or_a_lock_runs_outside_one(text_around, word):
    assert not only_reads(f"SELECT {text_around} {word} {text_around}")
    assert not only_reads(f"{word} {text_around}")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_only_a_select_or_a_with_runs_outside_a_transaction(statement):
    if only_reads(statement):
        assert statement.lstrip().upper().startswith(("SELECT", "WITH"))


# What that means on a real connection.


@pytest.fixture
def scratch():
    """A table of this test's own, and the engine; dropped afterwards."""
    engine = make_engine(POSTGRESQL_URL)
    table = f"innboks_test_tx_{os.getpid()}"
    with engine.begin() as db:
        db.execute(text(f"DROP TABLE IF EXISTS {table}"))
        db.execute(text(f"CREATE TABLE {table} (id int PRIMARY KEY)"))
    yield engine, table
    with engine.begin() as db:
        db.execute(text(f"DROP TABLE {table}"))
    engine.dispose()


def _insert(connection, table: str, *ids: int) -> None:
    for row_id in ids:
        connection.execute(text(f"INSERT INTO {table} VALUES ({row_id})"))


def _count(connection, table: str) -> int:
    return connection.scalar(text(f"SELECT count(*) FROM {table}"))


def _status(connection) -> TransactionStatus:
    return connection.connection.driver_connection.info.transaction_status


@postgresql
def test_reads_send_no_begin(scratch):
    engine, table = scratch
    with engine.connect() as db:
        _count(db, table)
        assert _status(db) == TransactionStatus.IDLE  # no transaction was opened
        db.commit()


@postgresql
def test_what_a_transaction_writes_is_all_or_nothing(scratch):
    engine, table = scratch
    with engine.connect() as db:
        _count(db, table)
        _insert(db, table, 1)
        assert _status(db) == TransactionStatus.INTRANS
        with pytest.raises(IntegrityError):
            _insert(db, table, 1)
        db.rollback()
    with engine.connect() as db:
        assert _count(db, table) == 0  # the first insert went too
        _insert(db, table, 2, 3)
        db.commit()
        assert _count(db, table) == 2


@postgresql
def test_a_connection_returned_uncommitted_writes_nothing(scratch):
    engine, table = scratch
    with engine.connect() as db:
        _insert(db, table, 1)
    with engine.connect() as db:
        assert _count(db, table) == 0


@postgresql
def test_a_locking_read_holds_its_lock_until_the_commit(scratch):
    engine, table = scratch
    with engine.begin() as db:
        _insert(db, table, 1)
    with engine.connect() as holder, engine.connect() as other:
        holder.execute(text(f"SELECT id FROM {table} WHERE id = 1 FOR UPDATE"))
        with pytest.raises(OperationalError, match="could not obtain lock"):
            other.execute(text(f"SELECT id FROM {table} WHERE id = 1 FOR UPDATE NOWAIT"))
        other.rollback()
        holder.commit()
        other.execute(text(f"SELECT id FROM {table} WHERE id = 1 FOR UPDATE NOWAIT"))
        other.commit()


@postgresql
def test_an_isolation_level_given_is_kept(scratch):
    engine, table = scratch
    with engine.connect().execution_options(isolation_level="SERIALIZABLE") as db:
        assert db.scalar(text("SELECT current_setting('transaction_isolation')")) == "serializable"
        db.rollback()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        _insert(db, table, 1)
        assert _status(db) == TransactionStatus.IDLE  # committed at once, as asked
    with engine.connect() as db:  # the pooled connection is back to beginning on writes
        _insert(db, table, 2)
        assert _status(db) == TransactionStatus.INTRANS
        db.rollback()
        assert _count(db, table) == 1


# A connection the server ended, found without asking the server.


def test_an_idle_socket_has_nothing_to_read_until_its_peer_speaks_or_leaves():
    ours, server = socket.socketpair()
    with ours, server:
        assert not has_something_to_read(ours.fileno())
        server.sendall(b"E")  # PostgreSQL's goodbye is an ErrorResponse, then the close
        assert has_something_to_read(ours.fileno())
    quiet, leaving = socket.socketpair()
    with quiet:
        leaving.close()
        assert has_something_to_read(quiet.fileno())


@postgresql
def test_the_pool_replaces_a_connection_the_server_ended():
    engine = make_engine(POSTGRESQL_URL)
    with engine.connect() as db:
        first = db.scalar(text("SELECT pg_backend_pid()"))
    admin = make_engine(POSTGRESQL_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        assert db.scalar(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": first})
    admin.dispose()
    with engine.connect() as db:
        assert db.scalar(text("SELECT pg_backend_pid()")) != first
    with engine.connect() as db:  # and a connection still good is kept
        second = db.scalar(text("SELECT pg_backend_pid()"))
    with engine.connect() as db:
        assert db.scalar(text("SELECT pg_backend_pid()")) == second
    engine.dispose()
