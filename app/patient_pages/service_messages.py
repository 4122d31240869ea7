"""Writing to a municipal health and care service: /<lang>/innboks/ny-melding/"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _

from app import clock, db_requests
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES
from app.inbox import access, queries, service_messages
from app.inbox.refusals import Refusal, Refused
from app.patient_pages import form_errors
from app.patient_pages.errors import id_or_none
from app.patient_pages.login import login_required

bp = Blueprint(
    "service_messages",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/ny-melding",
)


_FIELDS = {
    Refusal.SERVICE_NOT_OPEN_TO_YOU: "message-service",
    Refusal.EMPTY_SUBJECT: "message-subject",
    Refusal.SUBJECT_TOO_LONG: "message-subject",
    Refusal.EMPTY_MESSAGE: "message-text",
    Refusal.MESSAGE_TOO_LONG: "message-text",
}


@bp.route("/", methods=["GET", "POST"])
@login_required
def new_message(lang: str, reader: access.Reader):
    database = db_requests.session()
    services = queries.services_to_message(database, reader)
    error = None
    if request.method == "POST":
        try:
            message = service_messages.send(
                database,
                reader.patient_id,
                services,
                id_or_none(request.form.get("service")),
                request.form.get("subject"),
                request.form.get("text"),
                clock.now(),
            )
            return redirect(url_for("inbox.item", lang=lang, item_id=message.id), code=303)
        except Refused as refused:
            error = refused
    errors = form_errors.from_refusal(error, _FIELDS)
    heading = _("New message to a municipal service")
    return render_site_page(
        "service_messages/new_message.html",
        title=form_errors.title(heading, errors),
        heading=heading,
        subpath="ny-melding/",
        status=error.status if error else 200,
        errors=errors,
        services=services,
        form=request.form,
        max_subject=service_messages.MAX_SUBJECT,
        max_text=service_messages.MAX_MESSAGE_TEXT,
    )
