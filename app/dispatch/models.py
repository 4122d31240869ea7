"""What leaves the portal for a patient, and the trail of how it went.

A :class:`Dispatch` is one thing to send for one patient for one purpose: a
notification that something new is in the inbox (which may cover several
items, see :mod:`app.dispatch.outbox`), a hospital letter for someone who is
not a portal user, or an unopened letter escalated to post. It is written in
the same transaction as the item (the transactional outbox), routed and sent
later by a worker (:mod:`app.dispatch.worker`), and every change of its status
is a :class:`DispatchEvent`, which is also what the patient's trail shows.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from app import clock
from app.db import Base, UTCDateTime, string_enum
from app.dispatch.channels import Kind
from app.inbox.models import Item


class Purpose(enum.StrEnum):
    NOTIFICATION = "notification"  # "something new in your inbox", no health information
    LETTER = "letter"  # a hospital letter for a citizen who is not a portal user
    ESCALATION = "escalation"  # a hospital letter unopened in the inbox, on by post


class Status(enum.StrEnum):
    """A dispatch's life. Final ones never change again (:data:`FINAL`)."""

    CREATED = "created"  # in the outbox, waiting for ``not_before`` and a worker
    SENDING = "sending"  # claimed by a worker until ``claimed_until``
    SENT = "sent"  # the provider took it; final for channels without receipts
    DELIVERED = "delivered"  # the provider's receipt confirms it
    TEMPORARY_FAILURE = "temporary_failure"  # will be tried again at ``not_before``
    PERMANENT_FAILURE = "permanent_failure"  # the last possible channel failed
    UNDELIVERABLE = "undeliverable"  # no usable channel at all (no contact details, ...)
    CANCELLED = "cancelled"  # no longer needed (an escalated letter was read first)


#: A notification still gathering items: not yet routed. The outbox's INSERT … ON CONFLICT
#: names this predicate word for word, as PostgreSQL matches it against the index's.
GATHERING = "purpose = 'notification' AND status = 'created' AND channel IS NULL"

FINAL = frozenset({Status.DELIVERED, Status.PERMANENT_FAILURE, Status.UNDELIVERABLE, Status.CANCELLED})
#: The statuses operators count as "did not reach the patient".
FAILED = frozenset({Status.PERMANENT_FAILURE, Status.UNDELIVERABLE})


class Dispatch(Base):
    __tablename__ = "dispatch"
    __table_args__ = (
        # Workers claim what is due: not final, oldest first.
        Index("ix_dispatch_due", "final", "not_before"),
        Index("ix_dispatch_patient", "patient_id", "id"),
        Index("ix_dispatch_provider_reference", "provider_reference"),
        # At most one notification per patient waiting to be routed: later items join it,
        # and two deliveries at once cannot both start one (app/dispatch/outbox.py).
        Index(
            "uq_dispatch_gathering",
            "patient_id",
            unique=True,
            sqlite_where=text(GATHERING),
            postgresql_where=text(GATHERING),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    purpose: Mapped[Purpose] = mapped_column(string_enum(Purpose, "dispatch_purpose"))
    status: Mapped[Status] = mapped_column(string_enum(Status, "dispatch_status"), default=Status.CREATED)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    # None until routed: the worker decides the channel from the registers' facts then.
    channel: Mapped[Kind | None] = mapped_column(string_enum(Kind, "dispatch_channel"), nullable=True)
    # The channels still to try, in order, if this one fails for good ("email,post").
    fallbacks: Mapped[str] = mapped_column(String(100), default="")
    # Where it went, as routed: a number, an address, a mailbox, a postal address (JSON).
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="nb")
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A worker's claim: its token and how long it holds; a crashed worker's claim runs out.
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Sent to providers that take one; the same on every attempt of this dispatch.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    provider_reference: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    items: Mapped[list[Item]] = relationship(secondary="dispatch_item", order_by="Item.id")
    # Write-only: a step is added without loading the steps before it (the worker adds
    # two per send); read them with queries (app/dispatch/queries.py).
    events: WriteOnlyMapped[DispatchEvent] = relationship(
        back_populates="dispatch",
        order_by="DispatchEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class DispatchItem(Base):
    """Which items a dispatch is about (a notification may gather several)."""

    __tablename__ = "dispatch_item"

    dispatch_id: Mapped[int] = mapped_column(ForeignKey("dispatch.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), primary_key=True, index=True)


class DispatchEvent(Base):
    """One step of a dispatch: the status it reached, on which channel, and why."""

    __tablename__ = "dispatch_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(ForeignKey("dispatch.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    status: Mapped[Status] = mapped_column(string_enum(Status, "dispatch_status"))
    channel: Mapped[Kind | None] = mapped_column(string_enum(Kind, "dispatch_channel"), nullable=True)
    # For operators (what the provider said); never shown to patients.
    detail: Mapped[str] = mapped_column(String(1000), default="")

    dispatch: Mapped[Dispatch] = relationship(back_populates="events")


class NotificationSettings(Base):
    """How a portal user wants to hear of new items. No row: SMS and e-mail, in nb."""

    __tablename__ = "notification_settings"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), primary_key=True)
    sms: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="nb")
