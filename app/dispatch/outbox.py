"""What is to be sent for an item: marked with the item, worked out by the worker.

The item row is the outbox's record. A delivery marks it (:func:`mark`, a flag
in the same INSERT, so the API does no more work than before), and an item and
its pending dispatches are stored together or not at all: a crash cannot lose
a notification. The worker then turns marked items into dispatches and clears
the mark in one transaction (:func:`collect`, :func:`enqueue_for_item`), and
routes and sends them later (:mod:`app.dispatch.worker`). Nothing here talks to
the outside world.

Several items within ``Policy.gather`` become one notification: the first
item's notification waits that long for a worker, and the items that arrive
meanwhile join it. A partial unique index (``uq_dispatch_gathering``) keeps two
simultaneous deliveries from starting two (INSERT … ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.dispatch.models import GATHERING, Dispatch, DispatchItem, Purpose, Status
from app.inbox.models import Category, Item
from app.organisations.models import Organisation, OrganisationKind
from app.patients.models import Patient


@dataclass(frozen=True)
class Policy:
    gather: dt.timedelta = dt.timedelta(minutes=3)
    # Some hospitals send an unopened letter by post after four days.
    escalation_after: dt.timedelta = dt.timedelta(days=4)


def is_hospital_letter(item: Item, sender_kind: OrganisationKind) -> bool:
    return sender_kind is OrganisationKind.HOSPITAL and item.category is Category.LETTER


def needs_dispatch(item: Item, patient: Patient, sender_kind: OrganisationKind) -> bool:
    """A portal user is told of everything new; others are sent hospital letters."""
    return not item.from_patient and (patient.is_portal_user or is_hospital_letter(item, sender_kind))


def mark(db: Session, item: Item, patient: Patient, sender: Organisation) -> None:
    """A delivery's part (app.inbox.delivery's ``also_store``): the mark, nothing more."""
    item.dispatch_pending = needs_dispatch(item, patient, sender.kind)


def collect(db: Session, policy: Policy, limit: int = 100) -> int:
    """Marked items into dispatches, and their marks cleared, in the caller's transaction;
    how many items. Items another worker is collecting are skipped."""
    # The marks are cleared first, in one statement: on PostgreSQL the rows another worker
    # holds are skipped (SKIP LOCKED); on SQLite the statement waits for the write lock, and a
    # worker that comes second finds the marks gone.
    due = select(Item.id).where(Item.dispatch_pending.is_(True)).order_by(Item.id).limit(limit)
    taken = db.scalars(
        update(Item)
        .where(
            Item.id.in_(due.with_for_update(skip_locked=True).scalar_subquery()),
            Item.dispatch_pending.is_(True),
        )
        .values(dispatch_pending=False)
        .returning(Item.id)
        .execution_options(synchronize_session=False)
    ).all()
    if not taken:
        return 0
    marked = db.execute(
        select(Item, Patient, Organisation.kind)
        .join(Patient, Patient.id == Item.patient_id)
        .join(Organisation, Organisation.id == Item.organisation_id)
        .where(Item.id.in_(taken))
        .order_by(Item.id)
    ).all()
    for item, patient, kind in marked:
        # Timed from the item's arrival, not from when a worker came by.
        enqueue_for_item(db, item, patient, kind, item.sent_at, policy)
    return len(marked)


def values(patient_id: int, purpose: Purpose, not_before: dt.datetime, now: dt.datetime) -> dict:
    """A new dispatch's columns. Its language is the patient's choice, looked up when it is routed."""
    return {
        "patient_id": patient_id,
        "purpose": purpose,
        "status": Status.CREATED,
        "final": False,
        "fallbacks": "",
        "language": "nb",
        "not_before": not_before,
        "attempts": 0,
        "idempotency_key": secrets.token_hex(16),
        "created_at": now,
        "updated_at": now,
    }


def enqueue_for_item(
    db: Session, item: Item, patient: Patient, sender_kind: OrganisationKind, now: dt.datetime, policy: Policy
) -> list[int]:
    """The dispatches an item needs, in the caller's transaction; their ids."""
    if not needs_dispatch(item, patient, sender_kind):
        return []
    db.flush()  # the item's id
    hospital_letter = is_hospital_letter(item, sender_kind)
    made: list[int] = []
    if patient.is_portal_user:
        made.append(_gather(db, patient.id, item.id, now + policy.gather, now))
        if hospital_letter:
            made.append(_new(db, patient.id, item.id, Purpose.ESCALATION, now + policy.escalation_after, now))
    elif hospital_letter:
        made.append(_new(db, patient.id, item.id, Purpose.LETTER, now, now))
    return made


def _new(db: Session, patient_id: int, item_id: int, purpose: Purpose, not_before: dt.datetime, now) -> int:
    made = db.execute(
        insert(Dispatch).values(values(patient_id, purpose, not_before, now)).returning(Dispatch.id)
    )
    dispatch_id = made.scalar_one()
    db.execute(insert(DispatchItem).values(dispatch_id=dispatch_id, item_id=item_id))
    return dispatch_id


def _gather(db: Session, patient_id: int, item_id: int, not_before: dt.datetime, now: dt.datetime) -> int:
    """The patient's waiting notification, started now or joined."""
    dialect_insert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    start = (
        dialect_insert(Dispatch)
        .values(values(patient_id, Purpose.NOTIFICATION, not_before, now))
        .on_conflict_do_nothing(index_elements=["patient_id"], index_where=text(GATHERING))
        .returning(Dispatch.id)
    )
    for _ in range(5):
        dispatch_id = db.execute(start).scalar()
        if dispatch_id is None:
            # One is waiting. Locked, so a worker claiming it right now (SKIP LOCKED) leaves it
            # to us, or we wait for the claim and, finding it no longer waiting, start anew.
            dispatch_id = db.scalar(
                select(Dispatch.id)
                .where(Dispatch.patient_id == patient_id, text(GATHERING))
                .with_for_update()
            )
        if dispatch_id is not None:
            db.execute(insert(DispatchItem).values(dispatch_id=dispatch_id, item_id=item_id))
            return dispatch_id
    raise RuntimeError(f"could not start or join a notification for patient {patient_id}")


def new_dispatch(patient_id: int, purpose: Purpose, now: dt.datetime) -> Dispatch:
    """A dispatch as an object, for the worker (a second channel of a routed notification)."""
    return Dispatch(**values(patient_id, purpose, now, now))
