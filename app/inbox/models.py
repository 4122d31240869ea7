"""What a patient's inbox holds: threads of items, and their attachments."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.appointments.models import Appointment, AppointmentReply
from app.db import Base, UTCDateTime, string_enum
from app.organisations.models import Organisation
from app.patients.models import Patient


class Category(enum.StrEnum):
    LETTER = "letter"  # from a hospital, often with the letter as PDF
    MESSAGE = "message"  # from the GP, a municipal service or a hospital
    RESEARCH = "research"  # from a health survey or research project
    FORM_RECEIPT = "form_receipt"  # acknowledgement of a form the patient submitted


class Status(enum.StrEnum):
    """An item's life in the inbox."""

    DELIVERED = "delivered"  # stored and shown, not yet opened by the patient
    READ = "read"  # the patient has opened it


class BodyFormat(enum.StrEnum):
    TEXT = "text"
    HTML = "html"  # sanitized with nh3 before it is stored


class Thread(Base):
    __tablename__ = "thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    subject: Mapped[str] = mapped_column(String(300))
    # Set for a dialogue the patient started from an appointment (Helse Vest, Helse Nord).
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id"), nullable=True, unique=True
    )

    items: Mapped[list[Item]] = relationship(back_populates="thread", order_by="Item.sent_at, Item.id")
    organisation: Mapped[Organisation] = relationship()


class Item(Base):
    __tablename__ = "item"
    __table_args__ = (
        UniqueConstraint("organisation_id", "idempotency_key", name="uq_item_idempotency"),
        # The inbox lists a patient's items newest first, optionally by category or sender.
        Index("ix_item_patient_sent", "patient_id", "sent_at", "id"),
        Index("ix_item_patient_category_sent", "patient_id", "category", "sent_at", "id"),
        Index("ix_item_patient_org_sent", "patient_id", "organisation_id", "sent_at", "id"),
        Index("ix_item_patient_unread", "patient_id", "read_at"),
        # The outbox: items whose notifications and letters are still to be worked out
        # (app/dispatch/); small, as the worker clears the flag within moments.
        Index(
            "ix_item_dispatch_pending",
            "id",
            sqlite_where=text("dispatch_pending"),
            postgresql_where=text("dispatch_pending"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id"), index=True)
    category: Mapped[Category] = mapped_column(string_enum(Category, "item_category"))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    body_format: Mapped[BodyFormat] = mapped_column(string_enum(BodyFormat, "body_format"))
    # The language of the subject and body as a BCP 47 tag (rules.language_tag): pages mark
    # them with it, whatever the page's own language. What a patient writes is taken as nb.
    language: Mapped[str] = mapped_column(String(35), default="nb", server_default="nb")
    # True for what the patient wrote (a reply or a message to a service).
    from_patient: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # SHA-256 of the delivery request, to tell a retry from a reused key.
    request_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    # Set by a delivery when someone must be told of the item or sent it (app/dispatch/
    # outbox.py); the worker clears it as it writes the dispatches, in one transaction.
    dispatch_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set for an appointment letter: the appointment it calls the patient to.
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id"), nullable=True, unique=True
    )

    thread: Mapped[Thread] = relationship(back_populates="items")
    organisation: Mapped[Organisation] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(back_populates="item", order_by="Attachment.id")
    appointment: Mapped[Appointment | None] = relationship()
    appointment_reply: Mapped[AppointmentReply | None] = relationship(
        primaryjoin="Item.id == AppointmentReply.item_id", viewonly=True
    )
    patient: Mapped[Patient] = relationship()

    @property
    def status(self) -> Status:
        return Status.READ if self.read_at is not None else Status.DELIVERED


def written_by_patient(thread: Thread, subject: str, text: str, now: dt.datetime) -> Item:
    """What a patient writes in a thread: plain text, read by them as they send it."""
    return Item(
        patient_id=thread.patient_id,
        organisation_id=thread.organisation_id,
        thread=thread,
        category=Category.MESSAGE,
        subject=subject,
        body=text,
        body_format=BodyFormat.TEXT,
        from_patient=True,
        sent_at=now,
        read_at=now,
    )


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)

    item: Mapped[Item] = relationship(back_populates="attachments")
