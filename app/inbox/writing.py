"""What a patient writes: the reply to an appointment letter, a dialogue about
an appointment, and a message to a municipal service.

Each function checks the rules (app/appointments/rules.py,
app/municipal/rules.py) and stores nothing when one refuses; views turn the
refusal's code into a message in the reader's language.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.appointments import rules as appointment_rules
from app.appointments.models import Appointment, AppointmentReply
from app.inbox import access
from app.inbox.models import BodyFormat, Category, Item, Thread
from app.municipal.models import ServiceRecipient
from app.municipal.rules import may_message_service
from app.organisations.models import Organisation, OrganisationKind

MAX_REPLY_TEXT = 500        # the optional short text with "this time does not suit me"
MAX_MESSAGE_TEXT = 2000
MAX_SUBJECT = 150


#: Refusals the patient can put right in the same form.
FORM_MISTAKES = frozenset({"empty_message", "message_too_long", "late_not_accepted"})


@dataclass
class Refused(Exception):
    status: int
    code: str
    limit: int | None = None  # for message_too_long


def _text(value: str | None, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(422, "empty_message")
    if len(value) > limit:
        raise Refused(422, "message_too_long", limit)
    return value


# ---- Helse Sør-Øst: the reply button on an appointment letter ----------------------

def _uses_reply_button(letter: Item) -> bool:
    return (letter.appointment is not None and not letter.from_patient and
            appointment_rules.contact_mode(letter.appointment.organisation.region)
            is appointment_rules.ContactMode.REPLY_BUTTON)


def _existing_reply(db: Session, appointment: Appointment) -> AppointmentReply | None:
    return db.scalar(select(AppointmentReply).where(AppointmentReply.appointment_id == appointment.id))


def reply_state(db: Session, letter: Item, now: dt.datetime):
    """What the letter's page offers: None (no reply button), or (timing, existing reply)."""
    if not _uses_reply_button(letter):
        return None
    return (appointment_rules.reply_timing(now, letter.appointment.starts_at),
            _existing_reply(db, letter.appointment))


def refusal_for(db: Session, letter: Item, now: dt.datetime) -> Refused | None:
    """Why this letter cannot be replied to now, or None if it can."""
    if letter.appointment is None or letter.from_patient:
        return Refused(400, "not_an_appointment_letter")
    if not _uses_reply_button(letter):
        return Refused(409, "use_dialogue")
    if _existing_reply(db, letter.appointment) is not None:
        return Refused(409, "already_replied")
    if appointment_rules.reply_timing(now, letter.appointment.starts_at) is appointment_rules.ReplyTiming.TOO_LATE:
        return Refused(409, "appointment_passed")
    return None


def reply_to_appointment(db: Session, reader: access.Reader, letter_id: int, text: str | None,
                         now: dt.datetime, late_accepted: bool) -> Item:
    letter = access.readable_item(db, reader, letter_id)
    refused = refusal_for(db, letter, now)
    if refused is not None:
        raise refused
    appointment = letter.appointment
    timing = appointment_rules.reply_timing(now, appointment.starts_at)
    text = _text(text, MAX_REPLY_TEXT, required=False)
    if timing is appointment_rules.ReplyTiming.LATE and not late_accepted:
        # The patient must have been told about the fee before the reply is sent.
        raise Refused(422, "late_not_accepted")
    reply = Item(patient_id=letter.patient_id, organisation_id=letter.organisation_id, thread=letter.thread,
                 category=Category.MESSAGE, subject=f"Re: {letter.subject}"[:300],
                 body=text, body_format=BodyFormat.TEXT, from_patient=True, sent_at=now, read_at=now)
    db.add(reply)
    db.flush()
    db.add(AppointmentReply(appointment_id=appointment.id, item_id=reply.id,
                            in_time=timing is appointment_rules.ReplyTiming.IN_TIME, sent_at=now))
    db.commit()
    return reply


# ---- Helse Vest, Helse Nord (and Midt-Norge): a dialogue from the appointment ------

def start_dialogue(db: Session, reader: access.Reader, appointment_id: int, text: str | None,
                   now: dt.datetime) -> Item:
    appointment = access.readable_appointment(db, reader, appointment_id)
    if appointment_rules.contact_mode(appointment.organisation.region) is not \
            appointment_rules.ContactMode.DIALOGUE:
        raise Refused(409, "use_reply_button")
    if db.scalar(select(Thread.id).where(Thread.appointment_id == appointment.id)):
        raise Refused(409, "dialogue_exists")
    text = _text(text, MAX_MESSAGE_TEXT, required=True)
    thread = Thread(patient_id=appointment.patient_id, organisation_id=appointment.organisation_id,
                    subject=appointment.department, appointment_id=appointment.id)
    message = Item(patient_id=appointment.patient_id, organisation_id=appointment.organisation_id,
                   thread=thread, category=Category.MESSAGE, subject=appointment.department,
                   body=text, body_format=BodyFormat.TEXT, from_patient=True, sent_at=now, read_at=now)
    db.add(message)
    db.commit()
    return message


# ---- Municipal health and care services --------------------------------------------

def services_to_message(db: Session, reader: access.Reader) -> list[Organisation]:
    """The services this patient receives, for those open for digital contact."""
    received = db.scalars(
        select(Organisation).join(ServiceRecipient, ServiceRecipient.organisation_id == Organisation.id)
        .where(ServiceRecipient.patient_id == reader.patient_id,
               Organisation.kind == OrganisationKind.MUNICIPAL_SERVICE)
        .order_by(Organisation.name))
    return [service for service in received if may_message_service(True, service.digital_contact)]


def message_service(db: Session, reader: access.Reader, organisation_id, subject: str | None,
                    text: str | None, now: dt.datetime) -> Item:
    allowed = {service.id: service for service in services_to_message(db, reader)}
    service = allowed.get(organisation_id) if isinstance(organisation_id, int) else None
    if service is None:
        raise Refused(403, "service_not_open_to_you")
    subject = _text(subject, MAX_SUBJECT, required=True)
    text = _text(text, MAX_MESSAGE_TEXT, required=True)
    thread = Thread(patient_id=reader.patient_id, organisation_id=service.id, subject=subject)
    message = Item(patient_id=reader.patient_id, organisation_id=service.id, thread=thread,
                   category=Category.MESSAGE, subject=subject, body=text, body_format=BodyFormat.TEXT,
                   from_patient=True, sent_at=now, read_at=now)
    db.add(message)
    db.commit()
    return message
