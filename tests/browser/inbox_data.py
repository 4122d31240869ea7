"""The database the browser opens the inbox on: the demo data, as `make run` has it,
plus the states the demo data lacks (a late and a past appointment, an unanswered
message to a municipal service), and where to find each kind of page in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import demo_data, migrations
from app.appointments.models import Appointment
from app.db import make_engine
from app.inbox.models import BodyFormat, Category, Item, Thread
from app.organisations.models import Organisation, OrganisationKind, Region
from app.patients.models import Patient

#: Who does what in the browser tests. The axe check only looks (and sends
#: forms that are refused, which store nothing); each test that sends something
#: for real has a patient of its own, so no test sees another's reply.
LOOKS = "Kari Nordmann"
REPLIES_LATE = "Ola Nordmann"
STARTS_DIALOGUE = "Áile Somby"
WRITES_TO_SERVICE = "Emma Hansen"

LATE_SUBJECT = "Endret time i morgen"
PAST_SUBJECT = "Innkalling til time i går"
QUESTION_SUBJECT = "Spørsmål om besøkstid"
#: Less than 24 hours away for the whole test run: the deadline has passed, the appointment has not.
LATE_APPOINTMENT_IN = dt.timedelta(hours=12)


def _letter(session, patient, hospital, subject, body, sent_at, starts_at, department):
    thread = Thread(patient_id=patient.id, organisation_id=hospital.id, subject=subject)
    appointment = Appointment(
        patient_id=patient.id,
        organisation_id=hospital.id,
        department=department,
        place="Ullevål sykehus, bygg 36",
        starts_at=starts_at,
    )
    session.add(
        Item(
            patient_id=patient.id,
            organisation_id=hospital.id,
            thread=thread,
            category=Category.LETTER,
            subject=subject,
            body=body,
            body_format=BodyFormat.TEXT,
            sent_at=sent_at,
            appointment=appointment,
        )
    )


def add_states_demo_data_lacks(session: Session, now: dt.datetime) -> None:
    hospital = session.scalars(
        select(Organisation).where(Organisation.region == Region.HELSE_SOR_OST)
    ).first()
    home_care = session.scalars(select(Organisation).where(Organisation.digital_contact.is_(True))).first()
    for patient in session.scalars(select(Patient)):
        _letter(
            session,
            patient,
            hospital,
            LATE_SUBJECT,
            "Timen din er flyttet til i morgen.",
            now - dt.timedelta(hours=1),
            now + LATE_APPOINTMENT_IN,
            "Øyeavdelingen",
        )
        _letter(
            session,
            patient,
            hospital,
            PAST_SUBJECT,
            "Du har time i går.",
            now - dt.timedelta(days=10),
            now - dt.timedelta(days=1),
            "Hudavdelingen",
        )
        question = Thread(patient_id=patient.id, organisation_id=home_care.id, subject=QUESTION_SUBJECT)
        session.add(
            Item(
                patient_id=patient.id,
                organisation_id=home_care.id,
                thread=question,
                category=Category.MESSAGE,
                subject=QUESTION_SUBJECT,
                from_patient=True,
                body="Kan dere komme etter klokka ti på fredag?",
                body_format=BodyFormat.TEXT,
                sent_at=now - dt.timedelta(hours=2),
                read_at=now - dt.timedelta(hours=2),
            )
        )
    session.commit()


@contextmanager
def session_on(url: str) -> Iterator[Session]:
    """A session of the test's own on the database at `url`, its engine disposed of after
    (the servers under test keep their own)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def demo_inbox_database(url: str, now: dt.datetime | None = None) -> None:
    """Migrate a fresh database at `url` and fill it."""
    now = now or dt.datetime.now(dt.UTC)
    migrations.upgrade(url)
    with session_on(url) as session:
        demo_data.load(session, now)
        add_states_demo_data_lacks(session, now)


@dataclass(frozen=True)
class PatientPages:
    """The ids of one patient's items and appointments, one of each kind a page shows."""

    letter: int  # Helse Sør-Øst appointment letter, in time: reply button, attachment
    late_letter: int  # the reply deadline has passed, the appointment has not
    past_letter: int  # the appointment has passed: no reply
    dialogue_letter: int  # Helse Vest/Midt-Norge/Nord appointment letter: "open the appointment"
    conversation: int  # the last message of a thread of three
    read_only: int  # from a health survey
    unanswered: int  # the patient's own message to a municipal service
    reply_button_appointment: int
    dialogue_appointment: int


def patient_pages(url: str, patient_name: str) -> PatientPages:
    with session_on(url) as session:
        patient = session.scalars(select(Patient).where(Patient.name == patient_name)).one()
        items = session.scalars(
            select(Item).where(Item.patient_id == patient.id).order_by(Item.sent_at, Item.id)
        ).all()

        def item(test):
            return next(i for i in items if test(i))

        def is_hospital_letter(i, region_test):
            return (
                i.appointment is not None
                and not i.from_patient
                and region_test(i.appointment.organisation.region)
            )

        letter = item(
            lambda i: (
                is_hospital_letter(i, lambda r: r is Region.HELSE_SOR_OST)
                and i.subject not in (LATE_SUBJECT, PAST_SUBJECT)
            )
        )
        dialogue_letter = item(lambda i: is_hospital_letter(i, lambda r: r is not Region.HELSE_SOR_OST))
        conversation = [
            i
            for i in items
            if i.organisation.kind is OrganisationKind.MUNICIPAL_SERVICE
            and i.thread.subject != QUESTION_SUBJECT
        ][-1]
        return PatientPages(
            letter=letter.id,
            late_letter=item(lambda i: i.subject == LATE_SUBJECT).id,
            past_letter=item(lambda i: i.subject == PAST_SUBJECT).id,
            dialogue_letter=dialogue_letter.id,
            conversation=conversation.id,
            read_only=item(lambda i: i.category is Category.RESEARCH).id,
            unanswered=item(lambda i: i.subject == QUESTION_SUBJECT).id,
            reply_button_appointment=letter.appointment_id,
            dialogue_appointment=dialogue_letter.appointment_id,
        )
