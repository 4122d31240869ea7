import datetime as dt

import pytest
from sqlalchemy import func, select

from app.inbox import dialogues, service_messages
from app.inbox.models import Thread
from app.inbox.refusals import Refusal, Refused
from app.organisations.models import OrganisationKind, Region
from tests import factories
from tests.inbox.conftest import APPOINTMENT


def test_a_second_dialogue_from_a_stale_page_is_refused(database, appointment_letter):
    """Both requests saw no dialogue yet; the database keeps one per appointment."""
    appointment = appointment_letter(Region.HELSE_VEST).appointment
    dialogues.start(database, appointment, False, "Kan jeg komme senere?", APPOINTMENT - dt.timedelta(days=3))
    with pytest.raises(Refused) as refused:
        dialogues.start(database, appointment, False, "Hallo?", APPOINTMENT - dt.timedelta(days=3))
    assert refused.value.code is Refusal.DIALOGUE_EXISTS
    assert (
        database.scalar(
            select(func.count()).select_from(Thread).where(Thread.appointment_id == appointment.id)
        )
        == 1
    )


def test_helse_sor_ost_uses_the_reply_button(database, appointment_letter):
    refused = dialogues.refusal(appointment_letter().appointment, dialogue_exists=False)
    assert refused.code is Refusal.USE_REPLY_BUTTON


def test_a_service_not_open_to_the_patient_is_refused_before_the_text(database):
    patient = factories.patient(database)
    service, _ = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Helsestasjonen"
    )
    with pytest.raises(Refused) as refused:
        service_messages.send(database, patient.id, [], service.id, "", "", dt.datetime.now(dt.UTC))
    assert refused.value.code is Refusal.SERVICE_NOT_OPEN_TO_YOU


def test_an_answer_is_expected_only_while_the_patient_had_the_last_word(database):
    patient = factories.patient(database)
    service, _ = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Hjemmetjenesten"
    )
    friday = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
    asked = factories.item(database, patient, service, sent_at=friday, from_patient=True)
    assert service_messages.expected_answer([asked]) == dt.date(2026, 11, 23)  # Monday
    answer = factories.item(
        database, patient, service, thread=asked.thread, sent_at=friday + dt.timedelta(days=3)
    )
    assert service_messages.expected_answer([asked, answer]) is None
    assert service_messages.expected_answer([]) is None
