"""Reading a patient's inbox: pages of items, newest first, counts, appointments and
the services they may write to. Every function takes the reader (app/inbox/access.py)
and returns only what that reader may see.

Pages are found by keyset (the last item's send time and id), not by offset,
so the 400th page of a 10,000-item inbox costs what the first does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session, defer, joinedload

from app.appointments.models import Appointment
from app.db import MAX_ID
from app.inbox import access
from app.inbox.models import Category, Item, Thread
from app.municipal.models import ServiceRecipient
from app.municipal.rules import may_message_service
from app.organisations.models import Organisation, OrganisationKind


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    sent_at: dt.datetime
    item_id: int

    def encode(self) -> str:
        return f"{self.sent_at.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%S.%f')}-{self.item_id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            stamp, raw_id = text.rsplit("-", 1)
            sent_at = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=dt.UTC)
            item_id = int(raw_id)
        except ValueError:
            raise BadCursor(text) from None
        if not (raw_id.isascii() and 0 < item_id <= MAX_ID):
            raise BadCursor(text)
        return cls(sent_at, item_id)

    @classmethod
    def of(cls, item: Item) -> Cursor:
        return cls(item.sent_at, item.id)


@dataclass(frozen=True)
class InboxPage:
    items: list[Item]
    older: Cursor | None  # where the next, older page starts
    newer: Cursor | None  # where the previous, newer page starts


def inbox_page(
    db: Session,
    reader: access.Reader,
    *,
    category: Category | None = None,
    organisation_id: int | None = None,
    before: Cursor | None = None,
    after: Cursor | None = None,
    size: int = 25,
) -> InboxPage:
    query = (
        select(Item)
        .where(Item.patient_id == reader.patient_id)
        .options(defer(Item.body), joinedload(Item.organisation))
    )
    if category is not None:
        query = query.where(Item.category == category)
    if organisation_id is not None:
        query = query.where(Item.organisation_id == organisation_id)

    if after is not None:
        query = query.where(tuple_(Item.sent_at, Item.id) > (after.sent_at, after.item_id))
        rows = list(db.scalars(query.order_by(Item.sent_at, Item.id).limit(size + 1)))
        more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return InboxPage(
            items,
            older=Cursor.of(items[-1]) if items else None,
            newer=Cursor.of(items[0]) if items and more_newer else None,
        )

    if before is not None:
        # A row-value comparison: both SQLite and PostgreSQL seek the index to it
        # (an OR of the two conditions made them read the patient's newer items).
        query = query.where(tuple_(Item.sent_at, Item.id) < (before.sent_at, before.item_id))
    rows = list(db.scalars(query.order_by(Item.sent_at.desc(), Item.id.desc()).limit(size + 1)))
    items = rows[:size]
    return InboxPage(
        items,
        older=Cursor.of(items[-1]) if len(rows) > size else None,
        newer=Cursor.of(items[0]) if items and before is not None else None,
    )


def unread_count(db: Session, reader: access.Reader) -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(Item)
            .where(Item.patient_id == reader.patient_id, Item.read_at.is_(None))
        )
        or 0
    )


def senders(db: Session, reader: access.Reader) -> list[Organisation]:
    """The organisations that have sent this patient something, by name."""
    ids = select(Item.organisation_id).where(Item.patient_id == reader.patient_id).distinct()
    return list(db.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def appointments(db: Session, reader: access.Reader) -> list[Appointment]:
    """The patient's appointments, latest first."""
    return list(
        db.scalars(
            select(Appointment)
            .where(Appointment.patient_id == reader.patient_id)
            .order_by(Appointment.starts_at.desc())
        )
    )


def appointment_dialogue(db: Session, reader: access.Reader, appointment: Appointment) -> list[Item]:
    """The messages of the dialogue started from the appointment that the reader may see,
    oldest first; empty when there is none."""
    thread = db.scalar(select(Thread).where(Thread.appointment_id == appointment.id))
    return access.readable_items(reader, thread.items) if thread is not None else []


def appointment_letter(db: Session, reader: access.Reader, appointment: Appointment) -> Item | None:
    """The letter that called the patient to the appointment, if the reader may see it."""
    letter = db.scalar(select(Item).where(Item.appointment_id == appointment.id))
    return next(iter(access.readable_items(reader, [letter] if letter else [])), None)


def services_to_message(db: Session, reader: access.Reader) -> list[Organisation]:
    """The municipal services this patient receives and may write to, by name."""
    received = db.scalars(
        select(Organisation)
        .join(ServiceRecipient, ServiceRecipient.organisation_id == Organisation.id)
        .where(
            ServiceRecipient.patient_id == reader.patient_id,
            Organisation.kind == OrganisationKind.MUNICIPAL_SERVICE,
        )
        .order_by(Organisation.name)
    )
    return [service for service in received if may_message_service(True, service.digital_contact)]


def messages_from_patients(
    db: Session, reader: access.OrganisationReader, *, after: int, limit: int
) -> list[Item]:
    """What patients wrote in threads with the reader's organisation, oldest first, after an item id."""
    found = db.scalars(
        select(Item)
        .join(Thread, Item.thread_id == Thread.id)
        .where(Thread.organisation_id == reader.organisation_id, Item.from_patient.is_(True), Item.id > after)
        .order_by(Item.id)
        .limit(limit)
        .options(joinedload(Item.appointment_reply), joinedload(Item.thread), joinedload(Item.patient))
    )
    return access.readable_items(reader, found)
