"""The database: the engine, the models' base and the column types they share.

No web framework here: the models, the migrations, the commands and the
benchmarks all use it (app/db_requests.py gives each web request its session).
SQLite (in WAL mode) in the instance folder is the embedded default;
production uses PostgreSQL through ``INNBOKS_DATABASE_URL``. The schema is
owned by the Alembic migrations in ``migrations/`` (``flask db upgrade``).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import select

from sqlalchemy import DateTime, Enum, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import (
    DatabaseError,
    InterfaceError,
    InvalidatePoolError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.orm import DeclarativeBase, Session

#: The largest id an id column holds (PostgreSQL's integer); a larger number in
#: an address or a form is no id, and must not reach a query.
MAX_ID = 2**31 - 1


#: PostgreSQL's codes for a missing table or column: a database without its schema.
_SCHEMA_MISSING = frozenset({"42P01", "42703"})


def store_unusable(exc: DatabaseError) -> bool:
    """Whether a database error means the store cannot be used now (a 503 with Retry-After),
    not that this request broke a rule or met a bug: locked past its timeout, unreachable,
    corrupt, or without its schema (the migrations were not run)."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True  # locked, unreachable, closed; on SQLite also "no such table"
    if type(exc) is DatabaseError:
        # SQLite's bare DatabaseError is the file itself: "file is not a database",
        # "database disk image is malformed". Its subclasses (IntegrityError, ...) are not.
        return True
    return isinstance(exc, ProgrammingError) and getattr(exc.orig, "sqlstate", None) in _SCHEMA_MISSING


class Base(DeclarativeBase):
    pass


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    engine = create_engine(
        url,
        pool_size=5,
        max_overflow=5,
        connect_args={"connect_timeout": 5},
        isolation_level="AUTOCOMMIT",  # until a statement writes: _begin_before_writing
    )
    _begin_before_writing(engine)
    event.listen(engine, "checkout", _refuse_ended_connection)
    if "application_name" not in make_url(url).query:

        @event.listens_for(engine, "do_connect")
        def _application_name(_dialect, _record, _cargs, cparams):
            # pg_stat_activity then says which process holds each connection (a gunicorn
            # worker, a sending worker), and benchmarks see when a worker has started.
            # At connect time, not creation: gunicorn's workers fork after the app is made.
            cparams["application_name"] = application_name(os.getpid())

    return engine


# A statement that only reads: a SELECT (or a WITH that ends in one) that neither writes nor
# locks rows. Anything else, DDL and SAVEPOINT included, opens a transaction first; a word
# that only looks like a write (in a name) opens one needlessly, which is harmless. A
# function of our own that writes, called from a SELECT, would not be seen: there is none.
_READS = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)
_WRITES_OR_LOCKS = re.compile(
    r"\b(INSERT|UPDATE|DELETE|MERGE|SHARE|LOCK|NEXTVAL|SETVAL|SET_CONFIG|PG_(TRY_)?ADVISORY_\w+)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1024)  # the app's statements are a few hundred strings
def only_reads(statement: str) -> bool:
    """Whether ``statement`` can run outside a transaction (see ``_begin_before_writing``)."""
    return _READS.match(statement) is not None and _WRITES_OR_LOCKS.search(statement) is None


def _begin_before_writing(engine: Engine) -> None:
    """On PostgreSQL, a transaction begins with the first statement that writes or locks, as
    SQLite's driver begins one: a request that only reads sends no BEGIN and no ROLLBACK,
    two of a list page's eight round trips. Under READ COMMITTED, PostgreSQL's default, a
    read sees the same inside a transaction as outside it (each statement its own snapshot),
    so only when the transaction starts moves; commit and rollback end it as before (psycopg
    sends COMMIT or ROLLBACK whenever one is open, autocommit or not). A connection given
    an isolation level of its own (``execution_options``) is left to it: AUTOCOMMIT for
    CREATE DATABASE, or a level psycopg's own BEGIN names."""

    # Here, not at the top: an app on SQLite need not load psycopg (7 MiB a process).
    from psycopg.pq import TransactionStatus

    idle = TransactionStatus.IDLE

    @event.listens_for(engine, "before_cursor_execute")
    def _begin(connection, cursor, statement, _parameters, _context, _executemany):
        driver = cursor.connection
        if (
            driver.info.transaction_status == idle
            and not only_reads(statement)
            and "isolation_level" not in connection.get_execution_options()
        ):
            driver.execute("BEGIN")


def _refuse_ended_connection(dbapi_connection, _record, _proxy) -> None:
    """Before the pool hands out a connection: one the server has ended (a restart, a
    fail-over, pg_terminate_backend) is replaced, so that a patient's page is not the one
    that finds out. Asked of the socket, not of the server: an idle connection has nothing
    to read unless the server has said goodbye or closed it, and a poll with no wait tells
    that without the round trip that SQLAlchemy's pool_pre_ping (a SELECT 1) costs on every
    checkout. A connection whose network path died without a word is found by neither."""
    if dbapi_connection.closed or dbapi_connection.broken or has_something_to_read(dbapi_connection.fileno()):
        raise InvalidatePoolError("the server ended the connection")  # and those opened before it


def has_something_to_read(fd: int) -> bool:
    """Whether the socket ``fd`` has bytes waiting, or an end, without waiting for either."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


def application_name(pid: int) -> str:
    """How the process ``pid`` names its PostgreSQL connections unless the URL names them."""
    return f"innboks {pid}"


class UTCDateTime(TypeDecorator):
    """A point in time, stored in UTC, always timezone-aware in Python.

    SQLite has no timezone-aware type; without this, the same column would
    come back naive there and aware on PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a point in time (UTC) is needed")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def string_enum(cls, name: str) -> Enum:
    """An enum column stored as its values (not Python names) in a plain string column,
    so adding a member needs no ALTER TYPE on PostgreSQL."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


# A loose index scan: one index probe per distinct value, where SELECT DISTINCT reads every
# row of the owner (neither SQLite nor PostgreSQL 15 skips through an index on its own).
# Needs an index on (owner_column, column).
_LOOSE_SCAN = """
WITH RECURSIVE seen(v) AS (
    SELECT (SELECT min({column}) FROM {table} WHERE {owner} = :owner)
    UNION ALL
    SELECT (SELECT min({column}) FROM {table} WHERE {owner} = :owner AND {column} > seen.v)
    FROM seen WHERE seen.v IS NOT NULL
)
SELECT v FROM seen WHERE v IS NOT NULL
"""
_IDENTIFIER = re.compile(r"[a-z_]+\Z")


def loose_scan(table: str, column: str, owner_column: str) -> str:
    """SQL for the distinct non-null values ``v`` of ``column`` in ``table``'s rows of the
    owner given as the parameter ``owner``."""
    # Names come from the code, never from input; the check keeps it so.
    assert all(_IDENTIFIER.match(name) for name in (table, column, owner_column))
    return _LOOSE_SCAN.format(table=table, column=column, owner=owner_column)


def distinct_values(db: Session, table: str, column: str, owner_column: str, owner: int) -> list[int]:
    """The distinct non-null values of ``column`` in ``table``'s rows of one owner."""
    return list(db.scalars(text(loose_scan(table, column, owner_column)), {"owner": owner}))
