"""The single door to a patient's information: who may do what, and the log of every look.

Who may act for whom:
- a patient acts for themself;
- the holder of a power of attorney the patient gave, while it is in force, with its
  scope (read, or read and act);
- a parent for a child, by the child's age on today's date in Norway (AGE_BANDS);
- a sender organisation's system reads what the patient wrote in a thread with that
  organisation (to answer it), and nothing else.
What each role may do is one table, PERMISSIONS; the pages and the tests read it.
Every read of an item, attachment or appointment writes an access-log entry in the
same transaction (app/inbox/access_log.py). Lists of a reader's items are in
app/inbox/queries.py and take the reader too, so pages never query patient data of
their own.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, bindparam, select, true
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from app.appointments.models import Appointment
from app.db import MAX_ID
from app.inbox.access_log import AccessLogEntry, What
from app.inbox.models import Attachment, Item
from app.patients.models import Patient
from app.representation.models import PowerOfAttorney, Scope
from app.representation.population_register import Child


class Role(enum.StrEnum):
    PATIENT = "patient"
    POWER_READ = "power_read"  # power of attorney to read
    POWER_ACT = "power_act"  # power of attorney to read and act
    PARENT = "parent"  # parent of a child under 12
    PARENT_OF_TEEN = "parent_of_teen"  # parent of a child of 12 to 15
    SENDER_SYSTEM = "sender_system"


class Action(enum.StrEnum):
    LIST = "list"  # see that letters and messages exist: sender, kind, date
    READ = "read"  # open them: subject, text, thread, attachments
    SEE_OWN_WRITING = "see_own_writing"  # what the patient themself wrote
    APPOINTMENTS = "appointments"  # see appointments
    REPLY = "reply"  # reply to an appointment letter, start a dialogue
    MESSAGE_SERVICE = "message_service"  # write to a municipal service
    MANAGE_POWERS = "manage_powers"  # give and withdraw powers of attorney
    READ_LOG = "read_log"  # the access log and who may act for the patient
    NOTIFICATIONS = "notifications"  # how the patient is told of new items: their own phone, their e-mail


_ALL = frozenset(Action)
_READING = frozenset({Action.LIST, Action.READ, Action.SEE_OWN_WRITING, Action.APPOINTMENTS})

#: Role × action: the one table of who may do what (tests/inbox/test_access_matrix.py reads it).
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.PATIENT: _ALL,
    Role.POWER_ACT: _READING | {Action.REPLY, Action.MESSAGE_SERVICE},
    Role.POWER_READ: _READING,
    # Under 12 a parent acts fully for the child, the log included.
    Role.PARENT: _READING | {Action.REPLY, Action.MESSAGE_SERVICE, Action.READ_LOG},
    # From 12 the child's health information is the child's own (the portal: parents
    # keep appointments and see that letters exist, not their content nor the child's
    # own messages); the help page "Foreldre og barn" says the same.
    Role.PARENT_OF_TEEN: frozenset({Action.LIST, Action.APPOINTMENTS}),
    Role.SENDER_SYSTEM: frozenset({Action.READ}),
}

#: A parent's role by the child's age in whole years; from 16, none.
AGE_BANDS: tuple[tuple[int, int, Role], ...] = ((0, 12, Role.PARENT), (12, 16, Role.PARENT_OF_TEEN))


@dataclass(frozen=True)
class Reader:
    """A signed-in person reading ``patient_id``'s inbox: the patient themself, or
    ``actor_id`` acting for them in ``role``."""

    patient_id: int
    actor_id: int | None = None
    role: Role = Role.PATIENT

    @property
    def person_id(self) -> int:
        """The one who is signed in."""
        return self.actor_id if self.actor_id is not None else self.patient_id

    @property
    def for_someone_else(self) -> bool:
        return self.person_id != self.patient_id


@dataclass(frozen=True)
class OrganisationReader:
    """A sender organisation's system, authenticated by its API token."""

    organisation_id: int
    role: Role = Role.SENDER_SYSTEM


class NotReadable(LookupError):
    """No such item for this reader. Deliberately the same whether the item is
    missing or belongs to someone else, so ids reveal nothing."""


class NotAllowed(PermissionError):
    """The reader may see that this exists but not do ``action`` (a 403 page says why)."""

    def __init__(self, role: Role, action: Action) -> None:
        super().__init__(f"{role} may not {action}")
        self.role = role
        self.action = action


def allowed(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]


def require(reader: Reader | OrganisationReader, action: Action) -> None:
    if not allowed(reader.role, action):
        raise NotAllowed(reader.role, action)


# ---- who acts for whom ---------------------------------------------------------------------


def age_on(birth_date: dt.date, today: dt.date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def parent_role(birth_date: dt.date, today: dt.date) -> Role | None:
    age = age_on(birth_date, today)
    return next((role for low, high, role in AGE_BANDS if low <= age < high), None)


def power_role(scope: Scope) -> Role:
    return Role.POWER_ACT if scope is Scope.ACT else Role.POWER_READ


@dataclass(frozen=True)
class Represented:
    patient: Patient
    role: Role


def represented(db: Session, person: Patient, children: Iterable[Child], today: dt.date) -> list[Represented]:
    """Everyone ``person`` may act for today, but themself: by power of attorney, and their
    children of the right age (``children`` from the population register; their patient
    records must exist, see app.patients.queries.known)."""
    found: dict[int, Represented] = {}
    powers = db.scalars(
        select(PowerOfAttorney).where(
            PowerOfAttorney.holder_national_id == person.national_id, PowerOfAttorney.withdrawn_at.is_(None)
        )
    )
    for power in powers:
        if power.in_force(today) and power.giver_id != person.id:
            role = power_role(power.scope)
            # Two powers from one giver: the wider counts.
            if power.giver_id not in found or role is Role.POWER_ACT:
                found[power.giver_id] = Represented(power.giver, role)
    by_number = {child.national_id: child for child in children}
    if by_number:
        for patient in db.scalars(select(Patient).where(Patient.national_id.in_(by_number))):
            role_for_child = parent_role(by_number[patient.national_id].birth_date, today)
            if role_for_child is not None and patient.id != person.id:
                found[patient.id] = Represented(patient, role_for_child)
    return sorted(found.values(), key=lambda r: (r.patient.name, r.patient.id))


def reader_for(
    db: Session, person: Patient, acting_for: int | None, children: Iterable[Child], today: dt.date
) -> Reader | None:
    """The reader for ``person`` acting for patient ``acting_for`` today, or None when they
    may not (a power withdrawn or ended, a child grown up)."""
    if acting_for is None or acting_for == person.id:
        return Reader(patient_id=person.id)
    for entry in represented(db, person, children, today):
        if entry.patient.id == acting_for:
            return Reader(patient_id=acting_for, actor_id=person.id, role=entry.role)
    return None


# ---- reading, and the log ------------------------------------------------------------------


def may_read(reader: Reader | OrganisationReader, item: Item) -> bool:
    if isinstance(reader, OrganisationReader):
        return item.from_patient and item.thread.organisation_id == reader.organisation_id
    if item.patient_id != reader.patient_id or not allowed(reader.role, Action.READ):
        return False
    return not item.from_patient or allowed(reader.role, Action.SEE_OWN_WRITING)


def lists_own_writing(reader: Reader) -> bool:
    """Whether this reader's lists show what the patient wrote (NotAllowed if the reader
    may not list at all): which of :func:`listed_by_parameter`'s two conditions is theirs."""
    require(reader, Action.LIST)
    return allowed(reader.role, Action.SEE_OWN_WRITING)


@functools.cache
def listed_by_parameter(own_writing: bool) -> ColumnElement[bool]:
    """The condition on Item for what a reader's lists show (app/inbox/queries.py), for
    statements built once: the patient is the parameter ``patient_id`` (a statement built
    per request costs SQLAlchemy more than the database's answer), and ``own_writing`` is
    :func:`lists_own_writing` of the reader."""
    return and_(
        Item.patient_id == bindparam("patient_id"), true() if own_writing else Item.from_patient.is_(False)
    )


def _possible(record_id: int) -> bool:
    """Whether an id from an address can be one at all; a larger number would fail the query."""
    return 0 < record_id <= MAX_ID


def log(
    db: Session,
    reader: Reader | OrganisationReader,
    patient_id: int,
    what: What,
    now: dt.datetime,
    *,
    item_id: int | None = None,
    attachment_id: int | None = None,
    appointment_id: int | None = None,
) -> None:
    """Add the entry to the reader's transaction; the caller commits it with the read."""
    person = reader.person_id if isinstance(reader, Reader) else None
    organisation = reader.organisation_id if isinstance(reader, OrganisationReader) else None
    db.add(
        AccessLogEntry(
            at=now,
            patient_id=patient_id,
            actor_id=person,
            role=reader.role.value,
            organisation_id=organisation,
            what=what,
            item_id=item_id,
            attachment_id=attachment_id,
            appointment_id=appointment_id,
        )
    )


def _item_for(
    db: Session, reader: Reader | OrganisationReader, item_id: int, load: Sequence[ORMOption] = ()
) -> Item:
    """The item if this reader may open it; NotAllowed where they may only see it listed."""
    item = db.get(Item, item_id, options=load) if _possible(item_id) else None
    if item is None or (isinstance(reader, Reader) and item.patient_id != reader.patient_id):
        raise NotReadable(item_id)
    if isinstance(reader, Reader) and not may_read(reader, item):
        if item.from_patient and not allowed(reader.role, Action.SEE_OWN_WRITING):
            raise NotReadable(item_id)  # not even listed for this reader
        raise NotAllowed(reader.role, Action.READ)
    if not may_read(reader, item):
        raise NotReadable(item_id)
    return item


def readable_item(
    db: Session, reader: Reader | OrganisationReader, item_id: int, load: Sequence[ORMOption] = ()
) -> Item:
    """The item, to act on it (a reply form), or to read what its page shows before
    :func:`open_item` logs the read; no log entry. ``load``: loader options for what the
    caller will use of it (app/inbox/queries.py), applied if the item is not yet loaded."""
    return _item_for(db, reader, item_id, load)


def readable_items(reader: Reader | OrganisationReader, items) -> list[Item]:
    """The ones of ``items`` (fetched by a query) this reader may see."""
    return [item for item in items if may_read(reader, item)]


def open_item(db: Session, reader: Reader, item_id: int, now: dt.datetime) -> Item:
    """The item as it is opened: logged, and the patient's own first opening marks it read
    (someone acting for them leaves it unread for the patient)."""
    item = _item_for(db, reader, item_id)
    if item.read_at is None and not reader.for_someone_else:
        item.read_at = now
    log(db, reader, item.patient_id, What.ITEM, now, item_id=item.id)
    db.commit()
    return item


def system_reads(db: Session, reader: OrganisationReader, items: list[Item], now: dt.datetime) -> list[Item]:
    """What a sender system fetched through the API, each item logged for its patient."""
    readable = readable_items(reader, items)
    for item in readable:
        log(db, reader, item.patient_id, What.ITEM, now, item_id=item.id)
    db.commit()
    return readable


def open_attachment(db: Session, reader: Reader, attachment_id: int, now: dt.datetime) -> Attachment:
    attachment = db.get(Attachment, attachment_id) if _possible(attachment_id) else None
    if attachment is None:
        raise NotReadable(attachment_id)
    item = _item_for(db, reader, attachment.item_id)
    log(db, reader, item.patient_id, What.ATTACHMENT, now, item_id=item.id, attachment_id=attachment.id)
    db.commit()
    return attachment


def readable_thread(reader: Reader, item: Item) -> list[Item]:
    """The items of ``item``'s thread that this reader may see, oldest first; ``item``
    is one :func:`readable_item` or :func:`open_item` gave this reader."""
    if not may_read(reader, item):
        raise NotReadable(item.id)
    return readable_items(reader, item.thread.items)


def readable_appointment(db: Session, reader: Reader, appointment_id: int) -> Appointment:
    """The appointment, to act on it; no log entry."""
    require(reader, Action.APPOINTMENTS)
    appointment = db.get(Appointment, appointment_id) if _possible(appointment_id) else None
    if appointment is None or appointment.patient_id != reader.patient_id:
        raise NotReadable(appointment_id)
    return appointment


def open_appointment(db: Session, reader: Reader, appointment_id: int, now: dt.datetime) -> Appointment:
    appointment = readable_appointment(db, reader, appointment_id)
    log(db, reader, appointment.patient_id, What.APPOINTMENT, now, appointment_id=appointment.id)
    db.commit()
    return appointment
