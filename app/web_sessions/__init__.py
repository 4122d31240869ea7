"""Server-side sessions that end: who is signed in, for how long.

- The session lives in the server's store (app.web_sessions.store); the cookie holds
  only its random id. Signing in gives a new id (no fixation); signing out deletes it.
- Idle timeout: SESSION_IDLE_MINUTES (30, as is usual for the portal) without a request.
  The inbox pages warn SESSION_WARNING_MINUTES before and let the patient stay
  (app/patient_pages/static/session-timeout.js). Activity is written down at most once
  every ACTIVITY_STEP_SECONDS, so the timeout comes up to that much before 30 minutes
  after the last request, never after; the pages' countdown shows the time really left.
- Absolute lifetime: SESSION_MAX_HOURS (8) after signing in, however active.
Both are measured with the app's clock (app.clock), so tests move them with frozen_at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask, current_app, g, session
from sqlalchemy.orm import Session

from app import clock
from app.patients import rules as patient_rules
from app.patients.models import Patient
from app.web_sessions.store import PROVIDER_SID, store_for

PATIENT_ID = "patient_id"
#: Signed in, but the portal's terms are not yet accepted: no inbox until they are.
TERMS_PENDING = "terms_pending"
#: The ID token, for the provider's end-session endpoint (id_token_hint).
ID_TOKEN = "id_token"
#: Whose inbox is open, when the person acts for someone else (a patient id).
ACTING_FOR = "acting_for"
#: The person's children as the population register gave them at sign-in.
CHILDREN = "children"
#: How the pages name the person signed in (app.patients.rules.shown_as): every inbox page
#: shows it, and kept here it costs no read of the database.
SHOWN_AS = "shown_as"
_SIGNED_IN_AT = "signed_in_at"
_LAST_SEEN = "last_seen"
#: A request records activity only if the last record is this old: a patient's pages come
#: seconds apart, and each record is a write to the session store (on PostgreSQL a
#: transaction of its own and a flush of the log).
ACTIVITY_STEP_SECONDS = 60


def init_app(app: Flask, request_session: Callable[[], Session]) -> None:
    """``request_session``: the request's database session (db_requests.session), which
    reads a session kept in the database."""
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=app.config["SESSION_MAX_HOURS"])
    app.config["SESSION_PERMANENT"] = True
    app.session_interface = store_for(app, request_session)
    app.before_request(_end_if_expired)


def begin(
    patient: Patient,
    *,
    terms_pending: bool = False,
    id_token: str | None = None,
    provider_sid: str | None = None,
) -> None:
    """Sign a patient in: a new session id, nothing carried over from before."""
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
    session.clear()
    session.update(signed_in(patient.id))
    session[SHOWN_AS] = patient_rules.shown_as(patient.name, patient.national_id)
    if terms_pending:
        session[TERMS_PENDING] = True
    if id_token:
        session[ID_TOKEN] = id_token
    if provider_sid:
        session[PROVIDER_SID] = provider_sid


def signed_in(patient_id: int) -> dict:
    """What a session holds for a patient who has just signed in (the benchmark sets it
    directly with Flask's session_transaction)."""
    now = _now()
    return {PATIENT_ID: patient_id, _SIGNED_IN_AT: now, _LAST_SEEN: now}


def end() -> None:
    """Sign out: the emptied session is deleted from the store, and the cookie with it."""
    session.clear()


def end_provider_session(provider_sid: str) -> int:
    """A sign-out the provider started: end our sessions of that provider session."""
    return current_app.session_interface.end_provider_session(provider_sid)  # type: ignore[attr-defined]


def renew() -> None:
    """The patient asked to stay signed in: the idle time starts again now, to the second."""
    session[_LAST_SEEN] = _now()


def idle_seconds_left() -> int:
    """Until the idle timeout, counted from this request."""
    return current_app.config["SESSION_IDLE_MINUTES"] * 60 - (_now() - session.get(_LAST_SEEN, _now()))


def timed_out() -> bool:
    """Whether this request found its session ended by a timeout (and ended it)."""
    return g.get("innboks_session_timed_out", False)


def _now() -> int:
    return int(clock.now().timestamp())


def raise_if_store_unavailable() -> None:
    """For pages that need to know who is signed in: the session store could not be read
    (the database is down), so answer "unavailable" rather than "not signed in". Help
    pages do not ask, and are served as usual."""
    store_error = g.pop("innboks_session_store_error", None)
    if store_error is not None:
        raise store_error


def _end_if_expired() -> None:
    if PATIENT_ID not in session:
        return
    now = _now()
    config = current_app.config
    idle = now - session.get(_LAST_SEEN, 0) > config["SESSION_IDLE_MINUTES"] * 60
    too_old = now - session.get(_SIGNED_IN_AT, 0) > config["SESSION_MAX_HOURS"] * 3600
    if idle or too_old:
        end()
        g.innboks_session_timed_out = True
    elif now - session.get(_LAST_SEEN, 0) >= ACTIVITY_STEP_SECONDS:
        # Any request the patient makes counts as activity.
        session[_LAST_SEEN] = now
