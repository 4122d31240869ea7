"""The single door to a patient's items: every read goes through here.

Who may read what:
- a patient reads their own items;
- a sender organisation's system reads what the patient wrote in a thread
  with that organisation (to answer it), and nothing else.
Staff, proxies and an access log will be added here and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.appointments.models import Appointment
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


def readable_item(db: Session, reader: Reader | OrganisationReader, item_id: int) -> Item:
    item = db.get(Item, item_id)
    if item is None or not may_read(reader, item):
        raise NotReadable(item_id)
    return item


def readable_items(reader: Reader | OrganisationReader, items) -> list[Item]:
    """The ones of ``items`` (fetched by a query) this reader may see."""
    return [item for item in items if may_read(reader, item)]


def readable_attachment(db: Session, reader: Reader, attachment_id: int) -> Attachment:
    attachment = db.get(Attachment, attachment_id)
    if attachment is None:
        raise NotReadable(attachment_id)
    readable_item(db, reader, attachment.item_id)
    return attachment


def readable_thread(db: Session, reader: Reader, item: Item) -> list[Item]:
    """The items of ``item``'s thread that this reader may see, oldest first."""
    readable_item(db, reader, item.id)
    return readable_items(reader, item.thread.items)


def readable_appointment(db: Session, reader: Reader, appointment_id: int) -> Appointment:
    appointment = db.get(Appointment, appointment_id)
    if appointment is None or appointment.patient_id != reader.patient_id:
        raise NotReadable(appointment_id)
    return appointment
