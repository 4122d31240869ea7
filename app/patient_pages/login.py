"""Who is reading: every patient page needs a signed-in person who has accepted the terms,
reading their own inbox or one they act for (app/inbox/access.py decides which)."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app import clock, db_requests, web_sessions
from app.helpsite.serving.render import render_site_page
from app.inbox import access
from app.patient_pages import signin
from app.patients import queries as patient_queries
from app.patients.models import Patient
from app.representation.population_register import Child, PopulationRegister, RegisterUnavailable

log = logging.getLogger(__name__)


def register() -> PopulationRegister:
    return current_app.extensions["innboks.population_register"]


def children(person: Patient) -> list[Child]:
    """The person's children, asked of the population register once a session (so a child
    born or registered since shows after the next sign-in, as powers of attorney do).
    Each gets a patient record, so that their inbox can open."""
    cached = session.get(web_sessions.CHILDREN)
    if cached is None:
        try:
            found = register().children_of(person.national_id)
        except RegisterUnavailable as error:
            log.warning("population register unavailable for patient %s: %s", person.id, error)
            g.register_unavailable = True
            return []
        cached = [[c.national_id, c.name, c.birth_date.isoformat()] for c in found]
        database = db_requests.session()
        for national_id, name, _born in cached:
            patient_queries.known(database, national_id, name)
        session[web_sessions.CHILDREN] = cached
    return [Child(nid, name, dt.date.fromisoformat(born)) for nid, name, born in cached]


def signed_in_person() -> Patient | None:
    patient_id = session.get(web_sessions.PATIENT_ID)
    return db_requests.session().get(Patient, patient_id) if patient_id is not None else None


def current_reader(lang: str) -> access.Reader | Response:
    web_sessions.raise_if_store_unavailable()
    here = request.full_path.rstrip("?")
    patient_id = session.get(web_sessions.PATIENT_ID)
    if patient_id is not None:
        if session.get(web_sessions.TERMS_PENDING):
            return redirect(url_for("signin.terms", lang=lang, next=here))
        acting_for = session.get(web_sessions.ACTING_FOR)
        if acting_for is None:
            return access.Reader(patient_id=patient_id)
        person = signed_in_person()
        reader = None
        if person is not None:
            reader = access.reader_for(
                db_requests.session(), person, acting_for, children(person), clock.today()
            )
        if reader is None:
            # The power ended or was withdrawn, or the child grew up: back to their own inbox.
            session.pop(web_sessions.ACTING_FOR, None)
            return access.Reader(patient_id=patient_id)
        return reader
    if signin.enabled():
        return redirect(signin.start_url(lang, here))
    if current_app.config["DEV_LOGIN"]:
        return redirect(url_for("devlogin.login", lang=lang, next=here))
    return render_site_page(
        "inbox/error.html",
        title=_("Log in to see your inbox"),
        status=401,
        message=_("You must log in to Helsenorge to see your inbox."),
    )


def login_required(view):
    """The view gets ``reader``; without a signed-in patient, the login (or a 401)."""

    @functools.wraps(view)
    def wrapper(lang: str, **kwargs):
        reader = current_reader(lang)
        if isinstance(reader, Response):
            return reader
        g.reader = reader
        return view(lang=lang, reader=reader, **kwargs)

    return wrapper
