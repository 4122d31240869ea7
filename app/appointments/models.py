"""Hospital appointments, the reply to an appointment letter, and dialogues."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.organisations.models import Organisation


class Appointment(Base):
    __tablename__ = "appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    department: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200))
    # The department and place are written in the language of the letter that brought them.
    language: Mapped[str] = mapped_column(String(35), default="nb", server_default="nb")

    organisation: Mapped[Organisation] = relationship()


class AppointmentReply(Base):
    """The patient's "this time does not suit me" on a Helse Sør-Øst appointment letter."""

    __tablename__ = "appointment_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointment.id"), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), unique=True)
    # False: sent later than 24 hours before the appointment; the fee may apply.
    in_time: Mapped[bool] = mapped_column(Boolean)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
