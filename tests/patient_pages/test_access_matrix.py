"""Every role × every inbox route and the API, generated from access.PERMISSIONS: the exact
status, and for a read exactly one access-log entry (none for a refusal)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from app import clock
from app.appointments.models import Appointment
from app.inbox.access import Action, Role, allowed
from app.inbox.access_log import AccessLogEntry
from app.inbox.models import Attachment, Category
from app.municipal.models import ServiceRecipient
from app.organisations.models import OrganisationKind, Region
from app.patients.models import Patient
from app.representation.models import PowerOfAttorney, Scope
from tests import factories
from tests.html import csrf
from tests.register_server import running

NOW = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.UTC)  # 12:00 in Oslo: today is 24 November 2026
TODAY = dt.date(2026, 11, 24)
BORN = {"parent of a 10-year-old": dt.date(2016, 6, 1), "parent of a 13-year-old": dt.date(2013, 6, 1),
        "parent of a 17-year-old": dt.date(2009, 6, 1)}  # fmt: skip


@pytest.fixture(scope="module")
def register():
    with running() as server:
        yield server


@pytest.fixture
def app_config(register):
    return {"POPULATION_REGISTER_URL": register.url}


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(NOW):
        yield


@dataclass
class Target:
    patient: Patient
    letter: int
    attachment: int
    own_message: int
    appointment: int
    home_care: int
    home_care_token: str


def inbox_of(database, patient: Patient) -> Target:
    ous, _token = factories.organisation(database, region=Region.HELSE_SOR_OST)
    home, home_token = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Hjemmesykepleien"
    )
    home.digital_contact = True
    appointment = Appointment(
        patient_id=patient.id,
        organisation_id=ous.id,
        starts_at=NOW + dt.timedelta(days=10),
        department="Ortopedisk poliklinikk",
        place="Bygg 37",
    )
    database.add_all([appointment, ServiceRecipient(patient_id=patient.id, organisation_id=home.id)])
    database.commit()
    letter = factories.item(database, patient, ous, subject="Innkalling til time")
    letter.appointment_id = appointment.id
    attachment = Attachment(
        item=letter, filename="innkalling.pdf", content_type="application/pdf", size=4, data=b"%PDF"
    )
    database.add(attachment)
    database.commit()
    own = factories.item(
        database, patient, home, subject="Spørsmål om besøk", category=Category.MESSAGE, from_patient=True
    )
    return Target(patient, letter.id, attachment.id, own.id, appointment.id, home.id, home_token)


def power(database, giver: Patient, holder: Patient, scope: Scope, valid_until=None) -> None:
    database.add(
        PowerOfAttorney(
            giver_id=giver.id,
            holder_national_id=holder.national_id,
            scope=scope,
            valid_until=valid_until,
            created_at=NOW - dt.timedelta(days=30),
        )
    )
    database.commit()


#: The people of the matrix: who signs in, and in which role they may act for the target.
ROLES = {
    "the patient": Role.PATIENT,
    "another patient": None,
    "power to read": Role.POWER_READ,
    "power to act": Role.POWER_ACT,
    "parent of a 10-year-old": Role.PARENT,
    "parent of a 13-year-old": Role.PARENT_OF_TEEN,
    "parent of a 17-year-old": None,
    "a former holder whose power ended yesterday": None,
}


def world(database, register, who: str) -> tuple[Patient, Target]:
    """(the person who signs in, the inbox they try to open)."""
    if who.startswith("parent"):
        parent = factories.patient(database, "Mor Nordmann")
        child = factories.patient(database, "Barn Nordmann")
        register.add_child(parent.national_id, child.national_id, child.name, BORN[who])
        return parent, inbox_of(database, child)
    owner = factories.patient(database, "Pål Pasient")
    target = inbox_of(database, owner)
    if who == "the patient":
        return owner, target
    actor = factories.patient(database, "Ola Fullmektig")
    if who == "power to read":
        power(database, owner, actor, Scope.READ)
    elif who == "power to act":
        power(database, owner, actor, Scope.ACT)
    elif who.startswith("a former holder"):
        power(database, owner, actor, Scope.ACT, valid_until=TODAY - dt.timedelta(days=1))
    return actor, target


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    needs: tuple[Action, ...]
    reads: int  # access-log entries an allowed request writes
    names_target: bool  # the address holds an id of the target's (else it is a page of one's own)
    form: tuple[tuple[str, str], ...] = ()  # what a POST sends ("{home_care}" is filled in)
    # For someone who acts for nobody else, when not what names_target implies.
    unrelated: int | None = None


ROUTES = [
    Route("GET", "/nb/innboks/", (Action.LIST,), 0, False),
    Route("GET", "/nb/innboks/{letter}/", (Action.READ,), 1, True),
    Route("GET", "/nb/innboks/vedlegg/{attachment}", (Action.READ,), 1, True),
    Route("GET", "/nb/innboks/{own_message}/", (Action.READ, Action.SEE_OWN_WRITING), 1, True),
    Route("GET", "/nb/innboks/timeavtaler/", (Action.APPOINTMENTS,), 0, False),
    Route("GET", "/nb/innboks/timeavtaler/{appointment}/", (Action.APPOINTMENTS,), 1, True),
    Route("GET", "/nb/innboks/ny-melding/", (Action.MESSAGE_SERVICE,), 0, False),
    Route("GET", "/nb/innboks/fullmakter/", (Action.MANAGE_POWERS,), 0, False),
    Route("GET", "/nb/innboks/logg/", (Action.READ_LOG,), 0, False),
    Route("GET", "/nb/innboks/varsler/", (Action.NOTIFICATIONS,), 0, False),
    Route("GET", "/nb/innboks/{letter}/svar/", (Action.REPLY,), 0, True),
    # Last: these change things (the letter replied to, a message sent, a power given).
    Route("POST", "/nb/innboks/{letter}/svar/", (Action.REPLY,), 0, True, (("text", "Jeg er bortreist."),)),
    Route(
        "POST",
        "/nb/innboks/ny-melding/",
        (Action.MESSAGE_SERVICE,),
        0,
        False,
        (("service", "{home_care}"), ("subject", "Besøk"), ("text", "Kan dere komme før ti?")),
        unrelated=403,  # the target's service is not one the person receives
    ),
    Route("POST", "/nb/innboks/fullmakter/", (Action.MANAGE_POWERS,), 0, False, (("scope", "read"),)),
    Route(
        "POST", "/nb/innboks/varsler/", (Action.NOTIFICATIONS,), 0, False, (("sms", "on"), ("language", "en"))
    ),
]


def expected_status(role: Role | None, route: Route) -> int:
    if role is None and route.unrelated is not None:
        return route.unrelated
    if role is None:
        # Acting for nobody else, the person is in their own inbox: the target's ids are
        # not found there; pages of their own open.
        if route.names_target:
            return 404
        return 303 if route.method == "POST" else 200
    if all(allowed(role, action) for action in route.needs):
        return 303 if route.method == "POST" else 200
    if Action.SEE_OWN_WRITING in route.needs and not allowed(role, Action.SEE_OWN_WRITING):
        return 404  # not even listed for this reader
    return 403


def log_entries(database) -> int:
    database.expire_all()
    return database.scalar(select(func.count()).select_from(AccessLogEntry))


@pytest.mark.parametrize("who", list(ROLES))
def test_role_on_every_route(client, database, register, who):
    role = ROLES[who]
    actor, target = world(database, register, who)
    factories.login(client, actor)
    chosen = client.post("/nb/innboks/velg/", data={"csrf_token": csrf(client), "patient": target.patient.id})
    assert chosen.status_code == (303 if role is not None else 422)
    ids = {
        "letter": target.letter,
        "attachment": target.attachment,
        "own_message": target.own_message,
        "appointment": target.appointment,
    }
    for route in ROUTES:
        before = log_entries(database)
        path = route.path.format(**ids)
        if route.method == "POST":
            form = {name: value.format(home_care=target.home_care) for name, value in route.form}
            if route.path.endswith("fullmakter/"):
                form["national_id"] = factories.national_id()
            response = client.post(path, data={"csrf_token": csrf(client), **form})
        else:
            response = client.get(path)
        expected = expected_status(role, route)
        assert response.status_code == expected, (who, route.method, path, response.text[:3000])
        written = log_entries(database) - before
        assert written == (route.reads if expected == 200 else 0), (who, path)
        if role is None:
            assert "Innkalling til time" not in response.text, (who, path)
    if role is not None and allowed(role, Action.READ):
        entry = database.scalars(
            select(AccessLogEntry).where(AccessLogEntry.item_id == target.letter)
        ).first()
        assert entry is not None
        assert (entry.patient_id, entry.actor_id, entry.role) == (target.patient.id, actor.id, role.value)


def test_a_sender_system_reads_only_what_the_patient_wrote_to_it_and_it_is_logged(client, database, register):
    owner = factories.patient(database, "Pål Pasient")
    target = inbox_of(database, owner)
    before = log_entries(database)
    response = client.get(
        "/api/v1/patient-messages", headers={"Authorization": f"Bearer {target.home_care_token}"}
    )
    assert response.status_code == 200
    assert [m["id"] for m in response.json["messages"]] == [target.own_message]
    assert log_entries(database) - before == 1
    entry = database.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).first()
    assert (entry.patient_id, entry.actor_id, entry.role, entry.item_id) == (
        owner.id,
        None,
        Role.SENDER_SYSTEM.value,
        target.own_message,
    )
    assert entry.organisation_id is not None


@pytest.mark.parametrize("route", [r for r in ROUTES if r.method == "GET"], ids=lambda r: r.path)
def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_logged(client, database, register, route):
    owner = factories.patient(database, "Pål Pasient")
    target = inbox_of(database, owner)
    before = log_entries(database)
    ids = {"letter": target.letter, "attachment": target.attachment, "own_message": target.own_message}
    response = client.get(route.path.format(appointment=target.appointment, **ids))
    assert response.status_code == 302 and "/utvikler-innlogging/" in response.headers["Location"]
    assert log_entries(database) == before
