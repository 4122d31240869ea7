from __future__ import annotations

import enum

from sqlalchemy import Boolean, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, string_enum


class OrganisationKind(enum.StrEnum):
    HOSPITAL = "hospital"
    GP = "gp"
    MUNICIPAL_SERVICE = "municipal_service"
    RESEARCH = "research"


class Region(enum.StrEnum):
    """The regional health authorities that own Norway's public hospitals."""

    HELSE_SOR_OST = "helse_sor_ost"
    HELSE_VEST = "helse_vest"
    HELSE_MIDT_NORGE = "helse_midt_norge"
    HELSE_NORD = "helse_nord"


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(string_enum(OrganisationKind, "organisation_kind"))
    # Only hospitals belong to a regional health authority.
    region: Mapped[Region | None] = mapped_column(string_enum(Region, "region"), nullable=True)
    # A municipal service that has opened for digital contact via the portal.
    digital_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # SHA-256 of the API token; see app.organisations.tokens.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
