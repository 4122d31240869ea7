"""Writing what is to be sent, in the same transaction as what it is about.

:func:`enqueue_for_item` is called by a delivery before it commits, so an item
and its pending dispatches are stored together or not at all: a crash between
the two cannot lose a notification. Nothing here talks to the outside world;
the worker (:mod:`app.dispatch.worker`) routes and sends later.

Several items within ``Policy.gather`` become one notification: the first
item's notification waits that long for a worker, and the items that arrive
meanwhile join it. A partial unique index (``uq_dispatch_gathering``) keeps two
simultaneous deliveries from starting two.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.dispatch.models import Dispatch, DispatchEvent, DispatchItem, NotificationSettings, Purpose, Status
from app.inbox.models import Category, Item
from app.organisations.models import OrganisationKind
from app.patients.models import Patient


@dataclass(frozen=True)
class Policy:
    gather: dt.timedelta = dt.timedelta(minutes=3)
    # Some hospitals send an unopened letter by post after four days.
    escalation_after: dt.timedelta = dt.timedelta(days=4)


def is_hospital_letter(item: Item, sender_kind: OrganisationKind) -> bool:
    return sender_kind is OrganisationKind.HOSPITAL and item.category is Category.LETTER


def new_dispatch(patient_id: int, purpose: Purpose, not_before: dt.datetime, language: str) -> Dispatch:
    return Dispatch(
        patient_id=patient_id,
        purpose=purpose,
        status=Status.CREATED,
        final=False,
        fallbacks="",
        language=language,
        not_before=not_before,
        attempts=0,
        idempotency_key=secrets.token_hex(16),
        created_at=not_before,
        updated_at=not_before,
        events=[DispatchEvent(at=not_before, status=Status.CREATED, detail="")],
    )


def enqueue_for_item(
    db: Session, item: Item, patient: Patient, sender_kind: OrganisationKind, now: dt.datetime, policy: Policy
) -> list[Dispatch]:
    """The dispatches a newly delivered item needs; flushed, not committed."""
    if item.from_patient:
        return []
    db.flush()  # the item's id
    settings = db.get(NotificationSettings, patient.id)
    language = settings.language if settings else "nb"
    made: list[Dispatch] = []
    hospital_letter = is_hospital_letter(item, sender_kind)
    if patient.is_portal_user:
        made.append(_gathering_notification(db, item, patient.id, now + policy.gather, language))
        if hospital_letter:
            made.append(
                _with_item(
                    db,
                    new_dispatch(patient.id, Purpose.ESCALATION, now + policy.escalation_after, language),
                    item,
                )
            )
    elif hospital_letter:
        made.append(_with_item(db, new_dispatch(patient.id, Purpose.LETTER, now, language), item))
    return made


def _with_item(db: Session, dispatch: Dispatch, item: Item) -> Dispatch:
    db.add(dispatch)
    db.flush()
    db.add(DispatchItem(dispatch_id=dispatch.id, item_id=item.id))
    return dispatch


def _waiting_notification(db: Session, patient_id: int) -> Dispatch | None:
    return db.scalar(
        select(Dispatch).where(
            Dispatch.patient_id == patient_id,
            Dispatch.purpose == Purpose.NOTIFICATION,
            Dispatch.status == Status.CREATED,
            Dispatch.channel.is_(None),
        )
    )


def _gathering_notification(
    db: Session, item: Item, patient_id: int, not_before: dt.datetime, language: str
) -> Dispatch:
    for _ in range(3):
        waiting = _waiting_notification(db, patient_id)
        if waiting is not None:
            db.add(DispatchItem(dispatch_id=waiting.id, item_id=item.id))
            return waiting
        try:
            with db.begin_nested():
                return _with_item(
                    db, new_dispatch(patient_id, Purpose.NOTIFICATION, not_before, language), item
                )
        except IntegrityError:
            continue  # another delivery started one a moment ago: join it
    raise RuntimeError(f"could not gather a notification for patient {patient_id}")
