"""Who is reading: every patient page needs a signed-in patient who has accepted the terms."""

from __future__ import annotations

import functools

from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app import web_sessions
from app.helpsite.serving.render import render_site_page
from app.inbox import access
from app.patient_pages import signin


def current_reader(lang: str) -> access.Reader | Response:
    web_sessions.raise_if_store_unavailable()
    here = request.full_path.rstrip("?")
    patient_id = session.get(web_sessions.PATIENT_ID)
    if patient_id is not None:
        if session.get(web_sessions.TERMS_PENDING):
            return redirect(url_for("signin.terms", lang=lang, next=here))
        return access.Reader(patient_id=patient_id)
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
        return view(lang=lang, reader=reader, **kwargs)

    return wrapper
