"""A patient's message to a municipal health and care service, and when to expect the answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.inbox.models import Item, Thread, written_by_patient
from app.inbox.refusals import Refusal, Refused, all_or_refused, patient_text
from app.municipal.working_days import expected_answer_date
from app.organisations.models import Organisation, OrganisationKind

MAX_SUBJECT = 150
MAX_MESSAGE_TEXT = 2000


def send(
    db: Session,
    patient_id: int,
    open_services: list[Organisation],
    service_id: int | None,
    subject: str | None,
    text: str | None,
    now: dt.datetime,
) -> Item:
    """``open_services``: the services this patient may write to (app.inbox.queries.services_to_message)."""
    service = next((s for s in open_services if s.id == service_id), None)
    if service is None:
        raise Refused(Refusal.SERVICE_NOT_OPEN_TO_YOU)
    subject, text = all_or_refused(
        lambda: patient_text(
            subject,
            MAX_SUBJECT,
            required=True,
            empty=Refusal.EMPTY_SUBJECT,
            too_long=Refusal.SUBJECT_TOO_LONG,
        ),
        lambda: patient_text(text, MAX_MESSAGE_TEXT, required=True),
    )
    thread = Thread(patient_id=patient_id, organisation_id=service.id, subject=subject)
    message = written_by_patient(thread, subject, text, now)
    db.add(message)
    db.commit()
    return message


def expected_answer(thread: list[Item]) -> dt.date | None:
    """When the patient's message to a municipal service is the thread's last word, the day
    to expect an answer."""
    last = thread[-1] if thread else None
    if (
        last is not None
        and last.from_patient
        and last.organisation.kind is OrganisationKind.MUNICIPAL_SERVICE
    ):
        return expected_answer_date(last.sent_at)
    return None
