"""The database: one SQLAlchemy engine per app, one session per request.

SQLite (in WAL mode) in the instance folder is the embedded default;
production uses PostgreSQL through ``INNBOKS_DATABASE_URL``. The schema is
owned by the Alembic migrations in ``migrations/`` (``flask db upgrade``).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, g
from sqlalchemy import DateTime, Enum, TypeDecorator, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


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
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5})


def init_app(app) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["innboks.db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["innboks.db"].kw["bind"]


def session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["innboks.db"]()
    return g.db_session


def _close_session(_exc) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


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
    return Enum(cls, name=name, native_enum=False, length=32,
                values_callable=lambda members: [m.value for m in members])
