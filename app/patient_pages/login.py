"""Who is reading: every patient page needs a signed-in patient."""

from __future__ import annotations

import functools

from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.helpsite.serving.render import render_site_page
from app.inbox import access


def current_reader(lang: str) -> access.Reader | Response:
    patient_id = session.get("patient_id")
    if patient_id is not None:
        return access.Reader(patient_id=patient_id)
    if current_app.config["DEV_LOGIN"]:
        return redirect(url_for("devlogin.login", lang=lang, next=request.full_path.rstrip("?")))
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
