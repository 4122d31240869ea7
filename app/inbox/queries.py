"""Reading a patient's inbox: pages of items, newest first, counts, appointments and
the services they may write to. Every function takes the reader (app/inbox/access.py)
and returns only what that reader may see.

Pages are found by keyset (the last item's send time and id), not by offset,
so the 400th page of a 10,000-item inbox costs what the first does.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import Integer, Row, Select, bindparam, column, func, select, text, tuple_
from sqlalchemy.orm import Session, joinedload

from app.appointments.models import Appointment
from app.db import MAX_ID, distinct_values, loose_scan
from app.inbox import access
from app.inbox.access_log import AccessLogEntry
from app.inbox.models import Attachment, Category, Item, Thread
from app.municipal.models import ServiceRecipient
from app.municipal.rules import may_message_service
from app.organisations.models import Organisation, OrganisationKind
from app.patients.models import Patient


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
    def of(cls, item: Row) -> Cursor:
        return cls(item.sent_at, item.id)


#: What a line of the inbox list shows: rows, not Item objects, since a list page shows 25 and
#: building objects for them was a sixth of the page's CPU time.
LISTED = (
    Item.id,
    Item.subject,
    Item.language,
    Item.category,
    Item.sent_at,
    Item.read_at,
    Organisation.name.label("sender_name"),
)


@dataclass(frozen=True)
class InboxPage:
    items: list[Row]  # of LISTED
    older: Cursor | None  # where the next, older page starts
    newer: Cursor | None  # where the previous, newer page starts


@functools.cache
def _page_statement(own_writing: bool, by_category: bool, by_sender: bool, cursor: str | None) -> Select:
    """The list's statement for one combination of filters, built once (it is the same for
    every reader but for its parameters): ``cursor`` is None, "before" or "after"."""
    query = (
        select(*LISTED)
        .join(Organisation, Organisation.id == Item.organisation_id)
        .where(access.listed_by_parameter(own_writing))
    )
    if by_category:
        query = query.where(Item.category == bindparam("category"))
    if by_sender:
        query = query.where(Item.organisation_id == bindparam("organisation_id"))
    position = tuple_(Item.sent_at, Item.id)
    cursor_at = tuple_(
        bindparam("cursor_sent_at", type_=Item.sent_at.type), bindparam("cursor_id", type_=Item.id.type)
    )
    if cursor == "after":
        return query.where(position > cursor_at).order_by(Item.sent_at, Item.id).limit(bindparam("limit"))
    if cursor == "before":
        # A row-value comparison: both SQLite and PostgreSQL seek the index to it
        # (an OR of the two conditions made them read the patient's newer items).
        query = query.where(position < cursor_at)
    return query.order_by(Item.sent_at.desc(), Item.id.desc()).limit(bindparam("limit"))


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
    cursor = after if after is not None else before
    statement = _page_statement(
        access.lists_own_writing(reader),
        category is not None,
        organisation_id is not None,
        None if cursor is None else "after" if after is not None else "before",
    )
    parameters = {
        "patient_id": reader.patient_id,
        "category": category,
        "organisation_id": organisation_id,
        "cursor_sent_at": cursor and cursor.sent_at,
        "cursor_id": cursor and cursor.item_id,
        "limit": size + 1,
    }
    # On the session's connection: the rows are plain columns, and the ORM's execute, which
    # would find that out per request, costs more than the database's answer.
    rows = list(db.connection().execute(statement, parameters))

    if after is not None:
        more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return InboxPage(
            items,
            older=Cursor.of(items[-1]) if items else None,
            newer=Cursor.of(items[0]) if items and more_newer else None,
        )
    items = rows[:size]
    return InboxPage(
        items,
        older=Cursor.of(items[-1]) if len(rows) > size else None,
        newer=Cursor.of(items[0]) if items and before is not None else None,
    )


def _unread(own_writing: bool):
    return (
        select(func.count())
        .select_from(Item)
        .where(access.listed_by_parameter(own_writing), Item.read_at.is_(None))
        .scalar_subquery()
        .label("unread")
    )


#: Who has sent the patient anything, by name, with the count of unread items on each row:
#: one statement for the two things the list page shows of the whole inbox. The senders are
#: found by a loose index scan (one index probe per sender, not a read of the whole inbox);
#: the count is a subquery that names no column of the row, which both databases compute
#: once. An inbox with an item has a sender, so no row means nothing unread.
_OVERVIEW = (
    select(Organisation.id, Organisation.name, _unread(own_writing=True))
    .where(
        Organisation.id.in_(
            select(
                text(loose_scan("item", "organisation_id", "patient_id"))
                .columns(column("v", Integer))
                .subquery()
                .c.v
            )
        )
    )
    .order_by(Organisation.name)
)
#: The same for a reader who does not see what the patient wrote: not the organisations
#: only the patient wrote to, nor what the patient wrote among the unread.
_OVERVIEW_OF_LISTED = (
    select(Organisation.id, Organisation.name, _unread(own_writing=False))
    .where(
        Organisation.id.in_(select(Item.organisation_id).where(access.listed_by_parameter(own_writing=False)))
    )
    .order_by(Organisation.name)
)


@dataclass(frozen=True)
class Overview:
    senders: list[Row]  # of id and name, by name: the organisations that sent the patient something
    unread: int  # items the reader sees that no one has opened


def overview(db: Session, reader: access.Reader) -> Overview:
    """What the list page shows of the reader's whole inbox, whatever its filters."""
    own_writing = access.lists_own_writing(reader)
    rows = list(
        db.connection().execute(  # plain columns, as in inbox_page
            _OVERVIEW if own_writing else _OVERVIEW_OF_LISTED,
            {"owner": reader.patient_id, "patient_id": reader.patient_id},
        )
    )
    return Overview(senders=rows, unread=rows[0].unread if rows else 0)


#: For access.readable_item: what an item's page shows of it, loaded with the item's own
#: statement (sender, appointment, thread, attachments without their contents: a letter
#: has one or two, so few rows repeat the item) and one more (the thread's items with
#: their senders) instead of a lazy load each. Every read of the page comes before the
#: access log's commit, in one transaction.
ITEM_PAGE = (
    joinedload(Item.organisation),
    joinedload(Item.appointment).joinedload(Appointment.organisation),
    joinedload(Item.thread).selectinload(Thread.items).joinedload(Item.organisation),
    joinedload(Item.attachments).defer(Attachment.data),
)


def appointments(db: Session, reader: access.Reader) -> list[Appointment]:
    """The patient's appointments, latest first."""
    access.require(reader, access.Action.APPOINTMENTS)
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
    access.require(reader, access.Action.MESSAGE_SERVICE)
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
    db: Session, reader: access.OrganisationReader, *, after: int, limit: int, now: dt.datetime
) -> list[Item]:
    """What patients wrote in threads with the reader's organisation, oldest first, after an
    item id; each one logged as read by the organisation's system."""
    found = db.scalars(
        select(Item)
        .join(Thread, Item.thread_id == Thread.id)
        .where(Thread.organisation_id == reader.organisation_id, Item.from_patient.is_(True), Item.id > after)
        .order_by(Item.id)
        .limit(limit)
        .options(joinedload(Item.appointment_reply), joinedload(Item.thread), joinedload(Item.patient))
    )
    return access.system_reads(db, reader, list(found), now)


# ---- the access log, for the patient ----------------------------------------------------------


@dataclass(frozen=True)
class LogPage:
    entries: list[AccessLogEntry]
    older: int | None  # the entry id the next, older page starts before


def access_log_page(
    db: Session, reader: access.Reader, *, who: str | None = None, before: int | None = None, size: int = 50
) -> LogPage:
    """Who read the patient's information, newest first; ``who`` is a key of who_looked()."""
    access.require(reader, access.Action.READ_LOG)
    query = (
        select(AccessLogEntry)
        .where(AccessLogEntry.patient_id == reader.patient_id)
        .options(
            joinedload(AccessLogEntry.actor),
            joinedload(AccessLogEntry.organisation),
            joinedload(AccessLogEntry.item).defer(Item.body),
            joinedload(AccessLogEntry.attachment).defer(Attachment.data),
            joinedload(AccessLogEntry.appointment),
        )
    )
    if who is not None:
        kind, number = who[:1], int(who[1:])
        column = AccessLogEntry.actor_id if kind == "p" else AccessLogEntry.organisation_id
        query = query.where(column == number)
    if before is not None:
        query = query.where(AccessLogEntry.id < before)
    rows = list(db.scalars(query.order_by(AccessLogEntry.id.desc()).limit(size + 1)))
    entries = rows[:size]
    return LogPage(entries, older=entries[-1].id if len(rows) > size else None)


def who_looked(db: Session, reader: access.Reader) -> dict[str, str]:
    """Everyone whose reads are in the patient's log: key ("p<id>" a person, "o<id>" a
    system) → name, for the log page's filter."""
    access.require(reader, access.Action.READ_LOG)
    people = db.execute(
        select(Patient.id, Patient.name)
        .where(Patient.id.in_(_distinct_in_log(db, reader.patient_id, "actor_id")))
        .order_by(Patient.name)
    )
    systems = db.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(_distinct_in_log(db, reader.patient_id, "organisation_id")))
        .order_by(Organisation.name)
    )
    return {f"p{i}": name for i, name in people} | {f"o{i}": name for i, name in systems}


def _distinct_in_log(db: Session, patient_id: int, column: str) -> list[int]:
    return distinct_values(db, "access_log", column, "patient_id", patient_id)


def last_acted(db: Session, reader: access.Reader, person_ids: list[int]) -> dict[int, dt.datetime]:
    """When each of these people last read the patient's information."""
    access.require(reader, access.Action.READ_LOG)
    if not person_ids:
        return {}
    rows = db.execute(
        select(AccessLogEntry.actor_id, func.max(AccessLogEntry.at))
        .where(AccessLogEntry.patient_id == reader.patient_id, AccessLogEntry.actor_id.in_(person_ids))
        .group_by(AccessLogEntry.actor_id)
    )
    return {actor: at for actor, at in rows if actor is not None}
