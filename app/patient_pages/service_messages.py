"""Writing to a municipal health and care service: /<lang>/innboks/ny-melding/"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _

from app import clock, db_requests
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES
from app.inbox import access, queries, service_messages
from app.inbox.refusals import Refused
from app.patient_pages.errors import id_or_none
from app.patient_pages.login import login_required
from app.patient_pages.refusal_messages import refusal_message

bp = Blueprint(
    "service_messages",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/ny-melding",
)


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
    return render_site_page(
        "service_messages/new_message.html",
        title=_("New message to a municipal service"),
        subpath="ny-melding/",
        status=error.status if error else 200,
        error=error and refusal_message(error),
        error_code=error and error.code,
        services=services,
        form=request.form,
        max_subject=service_messages.MAX_SUBJECT,
        max_text=service_messages.MAX_MESSAGE_TEXT,
    )
