"""Helse Vest, Helse Nord (and Midt-Norge): a dialogue the patient starts from an appointment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.appointments.models import Appointment
from app.appointments.rules import ContactMode, contact_mode
from app.inbox.models import Item, Thread, written_by_patient
from app.inbox.refusals import Refusal, Refused, patient_text

MAX_MESSAGE_TEXT = 2000


def refusal(appointment: Appointment, dialogue_exists: bool) -> Refused | None:
    """Why no dialogue can be started about this appointment, or None when one can."""
    if contact_mode(appointment.organisation.region) is not ContactMode.DIALOGUE:
        return Refused(Refusal.USE_REPLY_BUTTON)
    if dialogue_exists:
        return Refused(Refusal.DIALOGUE_EXISTS)
    return None


def start(
    db: Session, appointment: Appointment, dialogue_exists: bool, text: str | None, now: dt.datetime
) -> Item:
    """Start the dialogue (``dialogue_exists``: the page found one already)."""
    refused = refusal(appointment, dialogue_exists)
    if refused is not None:
        raise refused
    text = patient_text(text, MAX_MESSAGE_TEXT, required=True)
    thread = Thread(
        patient_id=appointment.patient_id,
        organisation_id=appointment.organisation_id,
        subject=appointment.department,
        appointment_id=appointment.id,
    )
    message = written_by_patient(thread, appointment.department, text, now)
    db.add(message)
    try:
        db.commit()
    except IntegrityError:
        # Another request started it first: one dialogue per appointment.
        db.rollback()
        raise Refused(Refusal.DIALOGUE_EXISTS) from None
    return message
