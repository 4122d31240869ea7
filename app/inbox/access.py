"""The single door to a patient's items: every read goes through :func:`readable_item`.

Today only the patient reads their own items. Staff, proxies and an access
log will be added here and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.inbox.models import Attachment, Item


@dataclass(frozen=True)
class Reader:
    """Who is reading: today always a logged-in patient."""
    patient_id: int


class NotReadable(LookupError):
    """No such item for this reader. Deliberately the same whether the item is
    missing or belongs to someone else, so ids reveal nothing."""


def may_read(reader: Reader, item: Item) -> bool:
    return item.patient_id == reader.patient_id


def readable_item(db: Session, reader: Reader, item_id: int) -> Item:
    item = db.get(Item, item_id)
    if item is None or not may_read(reader, item):
        raise NotReadable(item_id)
    return item


def readable_attachment(db: Session, reader: Reader, attachment_id: int) -> Attachment:
    attachment = db.get(Attachment, attachment_id)
    if attachment is None:
        raise NotReadable(attachment_id)
    readable_item(db, reader, attachment.item_id)
    return attachment


def readable_thread(db: Session, reader: Reader, item: Item) -> list[Item]:
    """The items of ``item``'s thread that this reader may see, oldest first."""
    readable_item(db, reader, item.id)
    return [other for other in item.thread.items if may_read(reader, other)]
