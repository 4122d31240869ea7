"""Giving and withdrawing powers of attorney: the rules, checked before anything is stored."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.identity import fodselsnummer
from app.patients.models import Patient
from app.representation.models import PowerOfAttorney, Scope

#: A power with an end date lasts at most this long; without one, until withdrawn.
LONGEST_END_DATE = dt.timedelta(days=10 * 366)


class Problem(enum.StrEnum):
    INVALID_NUMBER = "invalid_number"
    OWN_NUMBER = "own_number"
    NO_SCOPE = "no_scope"
    NOT_A_DATE = "not_a_date"
    DATE_PASSED = "date_passed"
    DATE_TOO_FAR = "date_too_far"
    ALREADY_GIVEN = "already_given"
    NO_SUCH_POWER = "no_such_power"


class PowerRefused(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_end_date(text: str | None, today: dt.date) -> dt.date | None:
    """The last day the power holds, from a form's YYYY-MM-DD; None when left empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise PowerRefused(Problem.NOT_A_DATE) from None
    if day < today:
        raise PowerRefused(Problem.DATE_PASSED)
    if day > today + LONGEST_END_DATE:
        raise PowerRefused(Problem.DATE_TOO_FAR)
    return day


def give(
    db: Session,
    giver: Patient,
    holder_number: str | None,
    scope: str | None,
    end_date: str | None,
    today: dt.date,
    now: dt.datetime,
) -> PowerOfAttorney:
    number = "".join((holder_number or "").split())  # "150580 12345" as people write it
    try:
        fodselsnummer.validate(number)
    except fodselsnummer.InvalidNationalId:
        raise PowerRefused(Problem.INVALID_NUMBER) from None
    if number == giver.national_id:
        raise PowerRefused(Problem.OWN_NUMBER)
    try:
        chosen = Scope(scope or "")
    except ValueError:
        raise PowerRefused(Problem.NO_SCOPE) from None
    valid_until = parse_end_date(end_date, today)
    for power in given_by(db, giver):
        if power.holder_national_id == number and power.in_force(today):
            raise PowerRefused(Problem.ALREADY_GIVEN)
    power = PowerOfAttorney(
        giver_id=giver.id, holder_national_id=number, scope=chosen, valid_until=valid_until, created_at=now
    )
    db.add(power)
    db.commit()
    return power


def withdraw(db: Session, giver: Patient, power_id: int | None, now: dt.datetime) -> PowerOfAttorney:
    power = db.get(PowerOfAttorney, power_id) if power_id is not None else None
    if power is None or power.giver_id != giver.id or power.withdrawn_at is not None:
        raise PowerRefused(Problem.NO_SUCH_POWER)
    power.withdrawn_at = now
    db.commit()
    return power


def given_by(db: Session, giver: Patient) -> list[PowerOfAttorney]:
    return list(
        db.scalars(
            select(PowerOfAttorney)
            .where(PowerOfAttorney.giver_id == giver.id)
            .order_by(PowerOfAttorney.id.desc())
        )
    )


def holders(db: Session, numbers: list[str]) -> dict[str, Patient]:
    """The holders who have a patient record, by number (to show their names)."""
    if not numbers:
        return {}
    return {p.national_id: p for p in db.scalars(select(Patient).where(Patient.national_id.in_(numbers)))}
