"""Appointments (Timeavtaler), and the dialogue started from one: /<lang>/innboks/timeavtaler/…"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _

from app import clock, db_requests
from app.appointments.rules import ContactMode, contact_mode
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES
from app.inbox import access, dialogues, queries
from app.inbox.refusals import Refusal, Refused
from app.patient_pages import form_errors
from app.patient_pages.login import login_required

bp = Blueprint(
    "appointments",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/timeavtaler",
)


@bp.get("/")
@login_required
def index(lang: str, reader: access.Reader):
    now = clock.now()
    appointments = queries.appointments(db_requests.session(), reader)
    return render_site_page(
        "appointments/list.html",
        title=_("Appointments"),
        subpath="timeavtaler/",
        upcoming=[a for a in reversed(appointments) if a.starts_at > now],
        past=[a for a in appointments if a.starts_at <= now],
    )


@bp.route("/<int:appointment_id>/", methods=["GET", "POST"])
@login_required
def detail(lang: str, reader: access.Reader, appointment_id: int):
    database = db_requests.session()
    if request.method == "POST":
        access.require(reader, access.Action.REPLY)
        appointment = access.readable_appointment(database, reader, appointment_id)
    else:
        appointment = access.open_appointment(database, reader, appointment_id, clock.now())
    dialogue = queries.appointment_dialogue(database, reader, appointment)
    error = None
    if request.method == "POST":
        try:
            message = dialogues.start(
                database, appointment, bool(dialogue), request.form.get("text"), clock.now()
            )
            return redirect(url_for("inbox.item", lang=lang, item_id=message.id), code=303)
        except Refused as refused:
            error = refused
    errors = form_errors.from_refusal(
        error, {Refusal.EMPTY_MESSAGE: "dialogue-text", Refusal.MESSAGE_TOO_LONG: "dialogue-text"}
    )
    return render_site_page(
        "appointments/detail.html",
        title=form_errors.title(appointment.department, errors),
        heading=appointment.department,
        subpath=f"timeavtaler/{appointment_id}/",
        status=error.status if error else 200,
        errors=errors,
        appointment=appointment,
        dialogue=dialogue,
        letter=queries.appointment_letter(database, reader, appointment),
        uses_dialogue=contact_mode(appointment.organisation.region) is ContactMode.DIALOGUE,
        text=request.form.get("text", ""),
        max_text=dialogues.MAX_MESSAGE_TEXT,
    )
