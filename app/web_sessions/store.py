"""Where sessions are kept: the app's database (the default) or Redis.

Flask-Session does the rest: the cookie holds only a random id (no data, no
signature to forge), and an emptied session is deleted from the store along
with the cookie. Both stores also index a session by the provider's session id,
so a sign-out the provider starts can end it without our cookie.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import cast

from flask import Flask, g
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from flask_session.redis import RedisSessionInterface
from redis import Redis
from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app import clock
from app.db import store_unusable
from app.web_sessions.models import WebSession

KEY_PREFIX = "innboks-session:"
#: The session key that holds the provider's session id (the ID token's `sid`).
PROVIDER_SID = "provider_sid"


_TABLE = cast(Table, WebSession.__table__)
# Built once: every request reads its session and most save it, and SQLAlchemy Core with
# a statement made once costs a fraction of the ORM's get and update.
_READ = select(_TABLE.c.data, _TABLE.c.expires_at).where(_TABLE.c.id == bindparam("store_id"))
_UPDATE = update(_TABLE).where(_TABLE.c.id == bindparam("store_id"))
_INSERT = insert(_TABLE)
#: On flask.g: (store id, the bytes read for it), to skip saving the same bytes again.
_AS_READ = "innboks_session_as_read"


class DatabaseSessionInterface(ServerSideSessionInterface):
    """Sessions in the web_session table. Expired rows are skipped when read (by the
    app's clock) and deleted now and then, as the table has no time-to-live."""

    ttl = False

    def __init__(self, app: Flask, sessions: sessionmaker, request_session: Callable[[], Session]):
        """``request_session``: the request's own database session, which reads the web
        session: a page that then reads the database needs no second connection from the
        pool (on PostgreSQL, three round trips fewer: the pool's ping, BEGIN and ROLLBACK)."""
        self.sessions = sessions
        self.engine = sessions.kw["bind"]
        self.request_session = request_session
        super().__init__(app, key_prefix=KEY_PREFIX, cleanup_n_requests=100)

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        db = self.request_session()
        try:
            # Core on the session's connection: the ORM's execute would cost more than the read.
            row = db.connection().execute(_READ, {"store_id": store_id}).first()
        except DatabaseError as error:
            # Whatever the request does next with the database starts afresh.
            with contextlib.suppress(DatabaseError):
                db.rollback()
            if not store_unusable(error):
                raise
            # Raised here, it would be a bare 500: a page that needs the session raises it
            # again (web_sessions.raise_if_store_unavailable) and gets the "unavailable" page.
            g.innboks_session_store_error = error
            return None
        if row is None or row.expires_at <= clock.now():
            return None
        g.setdefault(_AS_READ, (store_id, row.data))
        return self.serializer.decode(row.data)

    def _delete_session(self, store_id: str) -> None:
        with self.sessions.begin() as db:
            db.execute(delete(WebSession).where(WebSession.id == store_id))

    def _upsert_session(self, session_lifetime: dt.timedelta, session: ServerSideSession, store_id: str):
        # A changed session is saved with one UPDATE, and an INSERT only for a new session,
        # rather than reading the row back first.
        data = self.serializer.encode(session)
        if g.get(_AS_READ) == (store_id, data):
            # The same bytes as read: most requests, as activity is written down once a
            # minute (web_sessions.ACTIVITY_STEP_SECONDS). The row's expiry is left where the
            # last save put it: it is the absolute lifetime counted from a save at or after
            # signing in, so it never comes before the session's own end.
            return
        values = {
            "data": data,
            "expires_at": clock.now() + session_lifetime,
            "provider_sid": session.get(PROVIDER_SID),
        }
        with self.engine.begin() as connection:
            updated = connection.execute(_UPDATE, {"store_id": store_id, **values})
            if updated.rowcount == 0:
                connection.execute(_INSERT, {"id": store_id, **values})

    def _delete_expired_sessions(self) -> None:
        # Now and then before a request (any request, help pages' too): tidying, which
        # must not turn a page that needs no database into an error when it is down.
        try:
            with self.sessions.begin() as db:
                db.execute(delete(WebSession).where(WebSession.expires_at <= clock.now()))
        except DatabaseError as error:
            if not store_unusable(error):
                raise

    def end_provider_session(self, provider_sid: str) -> int:
        with self.sessions.begin() as db:
            ids = list(db.scalars(select(WebSession.id).where(WebSession.provider_sid == provider_sid)))
            db.execute(delete(WebSession).where(WebSession.id.in_(ids)))
        return len(ids)


class RedisStore(RedisSessionInterface):
    """Flask-Session's Redis sessions, with a key per provider session id that names ours."""

    def __init__(self, app: Flask, client: Redis):
        super().__init__(app, client=client, key_prefix=KEY_PREFIX)

    def _upsert_session(self, session_lifetime: dt.timedelta, session: ServerSideSession, store_id: str):
        super()._upsert_session(session_lifetime, session, store_id)
        provider_sid = session.get(PROVIDER_SID)
        if provider_sid:
            self.client.set(self._provider_key(provider_sid), store_id, ex=session_lifetime)

    def end_provider_session(self, provider_sid: str) -> int:
        store_id = self.client.getdel(self._provider_key(provider_sid))
        if store_id is None:
            return 0
        return int(self.client.delete(store_id))

    @staticmethod
    def _provider_key(provider_sid: str) -> str:
        return f"{KEY_PREFIX}provider-sid:{provider_sid}"


def store_for(app: Flask, request_session: Callable[[], Session]) -> ServerSideSessionInterface:
    url = app.config["SESSION_REDIS_URL"]
    if url:
        return RedisStore(app, Redis.from_url(url))
    return DatabaseSessionInterface(app, app.extensions["innboks.db"], request_session)
