"""The single door to a patient's items: every read goes through here.

Who may read what:
- a patient reads their own items;
- a sender organisation's system reads what the patient wrote in a thread
  with that organisation (to answer it), and nothing else.
Staff, proxies and an access log will be added here and nowhere else. Lists
of a reader's items are in app/inbox/queries.py; they take the reader too, so
pages never query patient data of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.appointments.models import Appointment
from app.db import MAX_ID
from app.inbox.models import Attachment, Item


@dataclass(frozen=True)
class Reader:
    """A logged-in patient."""

    patient_id: int


@dataclass(frozen=True)
class OrganisationReader:
    """A sender organisation's system, authenticated by its API token."""

    organisation_id: int


class NotReadable(LookupError):
    """No such item for this reader. Deliberately the same whether the item is
    missing or belongs to someone else, so ids reveal nothing."""


def may_read(reader: Reader | OrganisationReader, item: Item) -> bool:
    if isinstance(reader, Reader):
        return item.patient_id == reader.patient_id
    return item.from_patient and item.thread.organisation_id == reader.organisation_id


def _possible(record_id: int) -> bool:
    """Whether an id from an address can be one at all; a larger number would fail the query."""
    return 0 < record_id <= MAX_ID


def readable_item(db: Session, reader: Reader | OrganisationReader, item_id: int) -> Item:
    item = db.get(Item, item_id) if _possible(item_id) else None
    if item is None or not may_read(reader, item):
        raise NotReadable(item_id)
    return item


def readable_items(reader: Reader | OrganisationReader, items) -> list[Item]:
    """The ones of ``items`` (fetched by a query) this reader may see."""
    return [item for item in items if may_read(reader, item)]


def open_item(db: Session, reader: Reader, item_id: int, now: dt.datetime) -> Item:
    """The item, as the patient opens it: the first opening marks it read."""
    item = readable_item(db, reader, item_id)
    if item.read_at is None:
        item.read_at = now
        db.commit()
    return item


def readable_attachment(db: Session, reader: Reader, attachment_id: int) -> Attachment:
    attachment = db.get(Attachment, attachment_id) if _possible(attachment_id) else None
    if attachment is None:
        raise NotReadable(attachment_id)
    readable_item(db, reader, attachment.item_id)
    return attachment


def readable_thread(db: Session, reader: Reader, item: Item) -> list[Item]:
    """The items of ``item``'s thread that this reader may see, oldest first."""
    readable_item(db, reader, item.id)
    return readable_items(reader, item.thread.items)


def readable_appointment(db: Session, reader: Reader, appointment_id: int) -> Appointment:
    appointment = db.get(Appointment, appointment_id) if _possible(appointment_id) else None
    if appointment is None or appointment.patient_id != reader.patient_id:
        raise NotReadable(appointment_id)
    return appointment
