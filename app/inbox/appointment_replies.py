"""Helse Sør-Øst: "this time does not suit me", the reply button on an appointment letter.

A request decides once: :func:`offer` reads what the letter offers at that
moment (contact mode, timing, deadline, an earlier reply, and why a reply is
refused if it is), the page shows it, and :func:`send` acts on the same offer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.appointments.models import Appointment, AppointmentReply
from app.appointments.rules import ContactMode, ReplyTiming, contact_mode, reply_deadline, reply_timing
from app.inbox.models import Item, written_by_patient
from app.inbox.refusals import Refusal, Refused, patient_text

MAX_REPLY_TEXT = 500  # the optional short text with "this time does not suit me"


@dataclass(frozen=True)
class ReplyOffer:
    """What an item offers its reader about an appointment, at one moment."""

    letter: Item
    now: dt.datetime
    #: How the patient contacts the hospital about the appointment; None when
    #: the item is not a hospital's appointment letter.
    mode: ContactMode | None
    appointment: Appointment | None
    timing: ReplyTiming | None
    deadline: dt.datetime | None
    earlier_reply: AppointmentReply | None
    #: Why a reply cannot be sent now; None when it can.
    refusal: Refused | None


def offer(db: Session, letter: Item, now: dt.datetime) -> ReplyOffer:
    appointment = letter.appointment
    if appointment is None or letter.from_patient:
        return ReplyOffer(
            letter, now, None, None, None, None, None, Refused(Refusal.NOT_AN_APPOINTMENT_LETTER)
        )
    mode = contact_mode(appointment.organisation.region)
    timing = reply_timing(now, appointment.starts_at)
    earlier = None
    if mode is ContactMode.REPLY_BUTTON:
        earlier = db.scalar(select(AppointmentReply).where(AppointmentReply.appointment_id == appointment.id))
    refusal = None
    if mode is not ContactMode.REPLY_BUTTON:
        refusal = Refused(Refusal.USE_DIALOGUE)
    elif earlier is not None:
        refusal = Refused(Refusal.ALREADY_REPLIED)
    elif timing is ReplyTiming.TOO_LATE:
        refusal = Refused(Refusal.APPOINTMENT_PASSED)
    return ReplyOffer(
        letter, now, mode, appointment, timing, reply_deadline(appointment.starts_at), earlier, refusal
    )


def send(db: Session, offer: ReplyOffer, text: str | None, *, late_accepted: bool) -> Item:
    """Store the reply the offer allows; raises :class:`Refused` and stores nothing otherwise."""
    if offer.refusal is not None:
        raise offer.refusal
    assert offer.appointment is not None  # an offer without a refusal is for an appointment
    text = patient_text(text, MAX_REPLY_TEXT, required=False)
    if offer.timing is ReplyTiming.LATE and not late_accepted:
        # The patient must have been told about the fee before the reply is sent.
        raise Refused(Refusal.LATE_NOT_ACCEPTED)
    letter, now = offer.letter, offer.now
    reply = written_by_patient(letter.thread, f"Re: {letter.subject}"[:300], text, now)
    db.add(reply)
    try:
        db.flush()
        db.add(
            AppointmentReply(
                appointment_id=offer.appointment.id,
                item_id=reply.id,
                in_time=offer.timing is ReplyTiming.IN_TIME,
                sent_at=now,
            )
        )
        db.commit()
    except IntegrityError:
        # Another request replied first (a double click, two tabs): one reply per appointment.
        db.rollback()
        raise Refused(Refusal.ALREADY_REPLIED) from None
    return reply
