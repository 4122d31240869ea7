"""Reading a patient's inbox: pages of items, newest first, and counts.

Pages are found by keyset (the last item's send time and id), not by offset,
so the 400th page of a 10,000-item inbox costs what the first does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session, defer, joinedload

from app.inbox.models import Category, Item
from app.organisations.models import Organisation


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
            stamp, item_id = text.rsplit("-", 1)
            sent_at = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=dt.UTC)
            return cls(sent_at, int(item_id))
        except ValueError:
            raise BadCursor(text)

    @classmethod
    def of(cls, item: Item) -> Cursor:
        return cls(item.sent_at, item.id)


@dataclass(frozen=True)
class InboxPage:
    items: list[Item]
    older: Cursor | None  # where the next, older page starts
    newer: Cursor | None  # where the previous, newer page starts


def inbox_page(db: Session, patient_id: int, *, category: Category | None = None,
               organisation_id: int | None = None, before: Cursor | None = None,
               after: Cursor | None = None, size: int = 25) -> InboxPage:
    query = (select(Item).where(Item.patient_id == patient_id)
             .options(defer(Item.body), joinedload(Item.organisation)))
    if category is not None:
        query = query.where(Item.category == category)
    if organisation_id is not None:
        query = query.where(Item.organisation_id == organisation_id)

    if after is not None:
        query = query.where(tuple_(Item.sent_at, Item.id) > (after.sent_at, after.item_id))
        rows = list(db.scalars(query.order_by(Item.sent_at, Item.id).limit(size + 1)))
        more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return InboxPage(items, older=Cursor.of(items[-1]) if items else None,
                         newer=Cursor.of(items[0]) if items and more_newer else None)

    if before is not None:
        # A row-value comparison: both SQLite and PostgreSQL seek the index to it
        # (an OR of the two conditions made them read the patient's newer items).
        query = query.where(tuple_(Item.sent_at, Item.id) < (before.sent_at, before.item_id))
    rows = list(db.scalars(query.order_by(Item.sent_at.desc(), Item.id.desc()).limit(size + 1)))
    items = rows[:size]
    return InboxPage(items, older=Cursor.of(items[-1]) if len(rows) > size else None,
                     newer=Cursor.of(items[0]) if items and before is not None else None)


def unread_count(db: Session, patient_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Item)
                     .where(Item.patient_id == patient_id, Item.read_at.is_(None))) or 0


def senders(db: Session, patient_id: int) -> list[Organisation]:
    """The organisations that have sent this patient something, by name."""
    ids = select(Item.organisation_id).where(Item.patient_id == patient_id).distinct()
    return list(db.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def mark_read(db: Session, item: Item, now: dt.datetime) -> None:
    if item.read_at is None:
        item.read_at = now
        db.commit()
