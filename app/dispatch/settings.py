"""A portal user's choice of how to hear of new items: SMS, e-mail or both, and the
language of the notifications."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.dispatch.models import NotificationSettings
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES


class Problem(enum.StrEnum):
    NO_CHANNEL = "no_channel"  # neither SMS nor e-mail
    UNKNOWN_LANGUAGE = "unknown_language"


@dataclass(frozen=True)
class Choice:
    sms: bool
    email: bool
    language: str


DEFAULT = Choice(sms=True, email=True, language=DEFAULT_LANGUAGE)


class SettingsRefused(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def current(db: Session, patient_id: int) -> Choice:
    row = db.get(NotificationSettings, patient_id)
    return Choice(row.sms, row.email, row.language) if row else DEFAULT


def save(db: Session, patient_id: int, sms: bool, email: bool, language: str | None) -> Choice:
    """Stores the choice, or refuses it: a notification must go somewhere, since the
    portal tells its users of every new letter (the seed pages)."""
    if not (sms or email):
        raise SettingsRefused(Problem.NO_CHANNEL)
    if language not in LANGUAGES:
        raise SettingsRefused(Problem.UNKNOWN_LANGUAGE)
    row = db.get(NotificationSettings, patient_id) or NotificationSettings(patient_id=patient_id)
    row.sms, row.email, row.language = sms, email, language
    db.add(row)
    db.commit()
    return Choice(sms, email, language)
