"""The access log: one entry for every read of a patient's information, by anyone.

Entries are written by app/inbox/access.py in the same transaction as the read,
and are never changed or removed by the app. On PostgreSQL the database refuses
an UPDATE, DELETE or TRUNCATE of the table itself (a trigger), so a mistake in
the app or a stolen app password cannot rewrite who looked.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.appointments.models import Appointment
from app.db import Base, UTCDateTime, string_enum
from app.inbox.models import Attachment, Item
from app.organisations.models import Organisation
from app.patients.models import Patient


class What(enum.StrEnum):
    ITEM = "item"  # a letter or message and its thread
    ATTACHMENT = "attachment"
    APPOINTMENT = "appointment"


class AccessLogEntry(Base):
    __tablename__ = "access_log"
    __table_args__ = (
        # The patient's log page: newest first, all or by one person who looked.
        Index("ix_access_log_patient", "patient_id", "id"),
        Index("ix_access_log_patient_actor", "patient_id", "actor_id", "id"),
        Index("ix_access_log_patient_organisation", "patient_id", "organisation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Whose information was read.
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    # Who read it: a person (the patient, a holder of a power of attorney, a parent) …
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), nullable=True)
    # … in which role (app.inbox.access.Role) …
    role: Mapped[str] = mapped_column(String(32))
    # … or an organisation's system through the API.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), nullable=True)
    what: Mapped[What] = mapped_column(string_enum(What, "access_log_what"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), nullable=True)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"), nullable=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"), nullable=True)
    # Why, where a reason was needed (staff reading with a care relationship, later).
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)

    actor: Mapped[Patient | None] = relationship(foreign_keys=[actor_id])
    organisation: Mapped[Organisation | None] = relationship()
    appointment: Mapped[Appointment | None] = relationship()
    item: Mapped[Item | None] = relationship()
    attachment: Mapped[Attachment | None] = relationship()


#: The database's own guard on PostgreSQL, set by migration 0004.
APPEND_ONLY_POSTGRESQL = (
    """
    CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the access log is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
    """,
    """
    CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()
    """,
)
DROP_APPEND_ONLY_POSTGRESQL = (
    "DROP TRIGGER IF EXISTS access_log_no_truncate ON access_log",
    "DROP TRIGGER IF EXISTS access_log_no_change ON access_log",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
)
