"""Writing to a municipal health and care service: /<lang>/innboks/ny-melding/"""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _

from app import clock, db
from app.helpsite.shell import APP_PATH
from app.i18n import LANGUAGES
from app.inbox import access, writing
from app.inbox.refusals import refusal_message
from app.patient_pages import attempt, patient_page
from app.site_page import render_site_page

bp = Blueprint("municipal", __name__, template_folder="templates",
               url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/ny-melding")


@bp.route("/", methods=["GET", "POST"])
@patient_page
def new_message(lang: str, reader: access.Reader):
    database = db.session()
    error = None
    if request.method == "POST":
        raw = request.form.get("service", "")
        message, error = attempt(database, lambda: writing.message_service(
            database, reader, int(raw) if raw.isdigit() else None, request.form.get("subject"),
            request.form.get("text"), clock.now()))
        if message:
            return redirect(url_for("inbox.item", lang=lang, item_id=message.id), code=303)
    return render_site_page(
        "municipal/new_message.html", title=_("New message to a municipal service"), subpath="ny-melding/",
        status=error.status if error else 200, error=error and refusal_message(error),
        error_code=error and error.code,
        services=writing.services_to_message(database, reader), form=request.form,
        max_subject=writing.MAX_SUBJECT, max_text=writing.MAX_MESSAGE_TEXT,
    )
