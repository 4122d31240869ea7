"""Appointments (Timeavtaler): /<lang>/innboks/timeavtaler/…"""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app import clock, db
from app.appointments.models import Appointment
from app.appointments.rules import ContactMode, contact_mode
from app.helpsite.shell import APP_PATH
from app.i18n import LANGUAGES
from app.inbox import access, writing
from app.inbox.models import Item, Thread
from app.inbox.refusals import refusal_message
from app.patient_pages import attempt, patient_page
from app.site_page import render_site_page

bp = Blueprint("appointments", __name__, template_folder="templates",
               url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/timeavtaler")


@bp.get("/")
@patient_page
def index(lang: str, reader: access.Reader):
    now = clock.now()
    appointments = db.session().scalars(select(Appointment).where(Appointment.patient_id == reader.patient_id)
                                        .order_by(Appointment.starts_at.desc())).all()
    return render_site_page("appointments/list.html", title=_("Appointments"), subpath="timeavtaler/",
                            upcoming=[a for a in reversed(appointments) if a.starts_at > now],
                            past=[a for a in appointments if a.starts_at <= now])


@bp.route("/<int:appointment_id>/", methods=["GET", "POST"])
@patient_page
def detail(lang: str, reader: access.Reader, appointment_id: int):
    database = db.session()
    appointment = access.readable_appointment(database, reader, appointment_id)
    error = None
    if request.method == "POST":
        message, error = attempt(database, lambda: writing.start_dialogue(
            database, reader, appointment_id, request.form.get("text"), clock.now()))
        if message:
            return redirect(url_for("inbox.item", lang=lang, item_id=message.id), code=303)
    dialogue = database.scalar(select(Thread).where(Thread.appointment_id == appointment.id))
    letter = database.scalar(select(Item).where(Item.appointment_id == appointment.id))
    return render_site_page(
        "appointments/detail.html", title=appointment.department, subpath=f"timeavtaler/{appointment_id}/",
        status=error.status if error else 200, error=error and refusal_message(error),
        error_code=error and error.code,
        appointment=appointment, dialogue=dialogue and access.readable_items(reader, dialogue.items),
        letter=letter and access.readable_items(reader, [letter])[0],
        uses_dialogue=contact_mode(appointment.organisation.region) is ContactMode.DIALOGUE,
        text=request.form.get("text", ""), max_text=writing.MAX_MESSAGE_TEXT,
    )
