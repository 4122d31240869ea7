"""Providers' receipts: a sent SMS or mailbox letter was delivered, or was not.

Receipts arrive late, twice, or out of order; :func:`apply` goes through the
lifecycle, so one for a dispatch that is already final changes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dispatch import lifecycle
from app.dispatch.channels import Kind
from app.dispatch.models import Dispatch, Status
from app.dispatch.worker import next_channel

log = logging.getLogger("innboks.dispatch")


class Applied(enum.StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"  # late or repeated: the dispatch had moved on
    UNKNOWN = "unknown"  # no dispatch has this provider reference


def apply(
    db: Session, channel: Kind, provider_reference: str, delivered: bool, detail: str, now: dt.datetime
) -> Applied:
    dispatch = db.scalar(
        select(Dispatch).where(Dispatch.provider_reference == provider_reference).with_for_update()
    )
    if dispatch is None:
        log.warning("%s receipt for unknown provider reference %r", channel, provider_reference)
        return Applied.UNKNOWN
    if dispatch.channel is not channel or dispatch.status is not Status.SENT or dispatch.final:
        log.info("dispatch %s: %s receipt ignored in status %s", dispatch.id, channel, dispatch.status)
        return Applied.UNCHANGED
    if delivered:
        lifecycle.move(dispatch, Status.DELIVERED, now, detail or "delivery receipt")
    else:
        next_channel(dispatch, now, detail or "the provider could not deliver it")
    return Applied.CHANGED
