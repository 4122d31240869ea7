"""What every page of a logged-in patient shares: who the reader is, how a
refusal of what they wrote is handled, and the pages for bad addresses."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

from flask import Response, current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app.inbox import access
from app.inbox.writing import Refused
from app.site_page import render_site_page

T = TypeVar("T")


class BadAddress(Exception):
    """Something in the address (a filter, a page) cannot be used."""

    def __init__(self, message: str):
        self.message = message


def current_reader(lang: str) -> access.Reader | Response:
    patient_id = session.get("patient_id")
    if patient_id is not None:
        return access.Reader(patient_id=patient_id)
    if current_app.config["DEV_LOGIN"]:
        return redirect(url_for("devlogin.login", lang=lang, next=request.full_path.rstrip("?")))
    return render_site_page("inbox/error.html", title=_("Log in to see your inbox"), status=401,
                            message=_("You must log in to Helsenorge to see your inbox."))


def patient_page(view):
    """The view gets ``reader``; without a logged-in patient, the login (or a 401)."""
    @functools.wraps(view)
    def wrapper(lang: str, **kwargs):
        reader = current_reader(lang)
        if isinstance(reader, Response):
            return reader
        return view(lang=lang, reader=reader, **kwargs)
    return wrapper


def attempt(database: Session, action: Callable[[], T]) -> tuple[T | None, Refused | None]:
    """Run what the patient asked for; on a refusal, nothing of it is kept."""
    try:
        return action(), None
    except Refused as refused:
        database.rollback()
        return None, refused


def init_app(app) -> None:
    @app.errorhandler(BadAddress)
    def bad_address(error: BadAddress):
        return render_site_page("inbox/error.html", title=_("Something is wrong with the address"),
                                message=error.message, status=400)

    @app.errorhandler(access.NotReadable)
    def not_readable(_error):
        return render_site_page("inbox/error.html", title=_("Not found"), status=404,
                                message=_("There is no such letter or message in your inbox."))
