from __future__ import annotations

import datetime as dt

from sqlalchemy import Row, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.patients.models import Patient

#: Built once: every inbox page shows who is signed in.
_NAME_AND_NUMBER = select(Patient.name, Patient.national_id).where(Patient.id == bindparam("patient_id"))


def name_and_number(db: Session, patient_id: int) -> Row | None:
    """A patient's name and national identity number (a row), or None if there is no such patient."""
    return db.execute(_NAME_AND_NUMBER, {"patient_id": patient_id}).first()


def by_name(db: Session) -> list[Patient]:
    """Every patient, by name: only the development login lists them."""
    return list(db.scalars(select(Patient).order_by(Patient.name)))


def signed_in(db: Session, national_id: str, name: str) -> Patient:
    """The patient with this national identity number, made on their first sign-in.

    Everyone with a Norwegian national identity number may sign in to the portal, not
    only those something has already been sent to; their record starts here. A name
    from the sign-in replaces an empty one, never one already known (the population
    register, not the sign-in, is where names come from)."""
    return known(db, national_id, name)


def known(db: Session, national_id: str, name: str) -> Patient:
    """The patient with this number, made now if there is no record yet (a child a parent
    acts for, someone given a power of attorney)."""
    patient = db.scalar(select(Patient).where(Patient.national_id == national_id))
    if patient is None:
        patient = Patient(national_id=national_id, name=name)
        db.add(patient)
        try:
            db.commit()
        except IntegrityError:  # the same person signing in twice at once: the other made it
            db.rollback()
            patient = db.scalars(select(Patient).where(Patient.national_id == national_id)).one()
    elif name and not patient.name:
        patient.name = name
        db.commit()
    return patient


def accept_terms(db: Session, patient: Patient, now: dt.datetime) -> None:
    """The person accepted the portal's terms: a portal user from ``now``."""
    if patient.portal_user_since is None:
        patient.portal_user_since = now
        db.commit()


def stop_being_portal_user(db: Session, patient: Patient) -> None:
    patient.portal_user_since = None
    db.commit()
