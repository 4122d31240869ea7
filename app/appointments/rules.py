"""The portal's rules for hospital appointments, by regional health authority.

Times are points in time (aware datetimes); the deadline is 24 real hours
before the appointment, so across a daylight-saving change it is 23 or 25
hours on the clock.
"""

from __future__ import annotations

import datetime as dt
import enum

from app.organisations.models import Region

REPLY_DEADLINE_BEFORE = dt.timedelta(hours=24)

#: An appointment is no further than ten years (3,653 days, leap days included) before or
#: after the moment it is delivered. A year like 9999 or 0001 is a sender's mistake, and
#: near the ends of the calendar a time has no local time or reply deadline to show.
APPOINTMENT_WINDOW = dt.timedelta(days=3653)


class ContactMode(enum.StrEnum):
    REPLY_BUTTON = "reply_button"  # reply to the appointment letter in the inbox
    DIALOGUE = "dialogue"  # start a dialogue from the appointment under Appointments


#: Helse Sør-Øst hospitals give a reply button on the appointment letter;
#: Helse Vest and Helse Nord use a dialogue started from the appointment.
#: The portal's help pages do not describe Helse Midt-Norge: we treat it as
#: Helse Vest and Helse Nord, and say so on the help page. One line to change.
CONTACT_MODE = {
    Region.HELSE_SOR_OST: ContactMode.REPLY_BUTTON,
    Region.HELSE_VEST: ContactMode.DIALOGUE,
    Region.HELSE_NORD: ContactMode.DIALOGUE,
    Region.HELSE_MIDT_NORGE: ContactMode.DIALOGUE,
}


class ReplyTiming(enum.StrEnum):
    IN_TIME = "in_time"  # no later than 24 hours before: no fee for the missed appointment
    LATE = "late"  # still possible, but the fee for the missed appointment may apply
    TOO_LATE = "too_late"  # the appointment has begun or passed: no reply possible


def contact_mode(region: Region | None) -> ContactMode:
    if region is None:
        # Deliveries refuse appointments from anyone but a hospital, and every hospital has a region.
        raise ValueError("only a hospital's appointment has a contact mode")
    return CONTACT_MODE[region]


def reply_deadline(appointment_at: dt.datetime) -> dt.datetime:
    if appointment_at.tzinfo is None:
        raise ValueError("appointment time must be timezone-aware")
    return appointment_at.astimezone(dt.UTC) - REPLY_DEADLINE_BEFORE


def reply_timing(now: dt.datetime, appointment_at: dt.datetime) -> ReplyTiming:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if now >= appointment_at:
        return ReplyTiming.TOO_LATE
    if now <= reply_deadline(appointment_at):
        return ReplyTiming.IN_TIME
    return ReplyTiming.LATE


def within_appointment_window(starts_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether an appointment at ``starts_at``, delivered at ``now``, is a time one can have."""
    return now - APPOINTMENT_WINDOW <= starts_at <= now + APPOINTMENT_WINDOW
