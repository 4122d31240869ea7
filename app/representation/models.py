"""Powers of attorney between adults, given by the patient in the inbox."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.db import Base, UTCDateTime, string_enum
from app.patients.models import Patient


class Scope(enum.StrEnum):
    READ = "read"  # read the inbox
    ACT = "act"  # read, reply and send messages on the patient's behalf


class PowerOfAttorney(Base):
    __tablename__ = "power_of_attorney"
    __table_args__ = (
        # Whom a person represents, looked up at every request of a holder.
        Index("ix_power_of_attorney_holder", "holder_national_id", "withdrawn_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    # The holder is named by number: they need not have signed in to the portal yet.
    holder_national_id: Mapped[str] = mapped_column(String(11))
    scope: Mapped[Scope] = mapped_column(string_enum(Scope, "power_scope"))
    # The last day the power holds (Norway's calendar); None: until withdrawn.
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    giver: Mapped[Patient] = relationship()

    def in_force(self, today: dt.date) -> bool:
        return self.withdrawn_at is None and (self.valid_until is None or today <= self.valid_until)
