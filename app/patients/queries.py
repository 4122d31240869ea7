from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.patients.models import Patient


def by_name(db: Session) -> list[Patient]:
    """Every patient, by name: only the development login lists them."""
    return list(db.scalars(select(Patient).order_by(Patient.name)))
