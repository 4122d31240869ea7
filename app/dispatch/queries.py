"""What the patient and the operators see of the outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dispatch.channels import Kind
from app.dispatch.models import FAILED, Dispatch, DispatchEvent, DispatchItem, Purpose, Status


@dataclass(frozen=True)
class Step:
    """One line of an item's trail: on which channel, what happened, when."""

    at: dt.datetime
    channel: Kind
    status: Status
    purpose: Purpose


#: What a patient is shown: the steps they would recognise, not the worker's claims and retries.
SHOWN = frozenset({Status.SENT, Status.DELIVERED, Status.PERMANENT_FAILURE})


def trail(db: Session, item_id: int) -> list[Step]:
    rows = db.execute(
        select(DispatchEvent.at, DispatchEvent.channel, DispatchEvent.status, Dispatch.purpose)
        .join(Dispatch, Dispatch.id == DispatchEvent.dispatch_id)
        .join(DispatchItem, DispatchItem.dispatch_id == Dispatch.id)
        .where(
            DispatchItem.item_id == item_id,
            DispatchEvent.status.in_(SHOWN),
            DispatchEvent.channel.is_not(None),
        )
        .order_by(DispatchEvent.at, DispatchEvent.id)
    ).all()
    return [Step(at, channel, status, purpose) for at, channel, status, purpose in rows if channel]


def undeliverable(db: Session) -> int:
    """Dispatches that reached no one: every channel failed, or there was none to use."""
    return db.scalar(select(func.count()).select_from(Dispatch).where(Dispatch.status.in_(FAILED))) or 0


def counts_by_status(db: Session) -> dict[Status, int]:
    rows = db.execute(select(Dispatch.status, func.count()).group_by(Dispatch.status)).all()
    return {status: count for status, count in rows}


def steps(db: Session, dispatch_id: int) -> list[DispatchEvent]:
    """Every step of one dispatch, first to last: for operators and tests."""
    return list(
        db.scalars(
            select(DispatchEvent).where(DispatchEvent.dispatch_id == dispatch_id).order_by(DispatchEvent.id)
        )
    )
