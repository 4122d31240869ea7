"""Issue 10, the proof by properties: whatever a sender or a patient sends and the inbox accepts
shows on every page that shows it (the list, the item with its thread, the appointments, the
API's read) in nb, en and se; and no value in an address or a form is a server error."""

import datetime as dt
import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import clock
from app.appointments.models import Appointment
from app.i18n import LANGUAGES
from app.inbox.models import Item
from app.municipal.models import ServiceRecipient
from app.organisations.models import OrganisationKind, Region
from tests import factories
from tests.api.helpers import post
from tests.api.test_items_properties import new_items
from tests.html import csrf, page, text

# Each example reads several pages in three languages: a few dozen examples keep the file near a minute.
bounded = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a browser, a script or an attacker may put in a form or an address: any text, including
# NUL, other control characters and digits that are not ASCII ("²").
anything = st.text(max_size=40) | st.sampled_from(["", "0", "-1", "²", "2147483648", "9" * 30, "1\x00", "%"])


@pytest.fixture
def hospital(database):
    return factories.organisation(database, region=Region.HELSE_SOR_OST)


def shown(value: str) -> str:
    """A value as the page's text shows it: white space folded."""
    return " ".join(value.split())


def assert_renders(client, url: str, expected: str | None = None):
    for lang in LANGUAGES:
        response = client.get(f"/{lang}{url}")
        assert response.status_code == 200, (lang, url)
        if expected is not None:
            assert shown(expected) in text(page(response).select_one("main")), (lang, url)


@bounded
@given(data=st.data())
def test_every_accepted_delivery_shows_on_every_page(client, database, kari, hospital, data):
    org, token = hospital
    body = data.draw(new_items(kari.national_id, org.id))
    delivered = post(client, token, body, key=uuid.uuid4().hex)
    assert delivered.status_code == 201, delivered.json
    item_id = delivered.json["id"]
    factories.login(client, kari)
    assert_renders(client, "/innboks/", body["subject"])
    assert_renders(client, f"/innboks/{item_id}/", body["subject"])
    for attachment in delivered.json["attachments"]:
        assert client.get(f"/nb/innboks/vedlegg/{attachment['id']}").status_code == 200
    if body.get("appointment"):
        database.expire_all()
        appointment = (
            database.query(Appointment)
            .filter_by(organisation_id=org.id)
            .order_by(Appointment.id.desc())
            .first()
        )
        assert_renders(client, "/innboks/timeavtaler/", body["appointment"]["department"])
        assert_renders(client, f"/innboks/timeavtaler/{appointment.id}/", body["appointment"]["place"])
        # The patient's reply, where the letter still takes one, reaches the hospital's API read.
        reply = client.post(
            f"/nb/innboks/{item_id}/svar/", data={"csrf_token": csrf(client), "accept_fee": "yes"}
        )
        assert reply.status_code in (303, 409), reply.status_code
        if reply.status_code == 303:
            read = client.get(
                "/api/v1/patient-messages?limit=500", headers={"Authorization": f"Bearer {token}"}
            )
            assert read.status_code == 200
            assert f"Re: {body['subject']}"[:300] in [m["subject"] for m in read.json["messages"]]


@bounded
@given(category=anything, sender=anything, before=anything, after=anything, record_id=anything)
def test_no_address_is_a_server_error(client, kari, category, sender, before, after, record_id):
    factories.login(client, kari)
    segment = quote(record_id, safe="")
    query = "&".join(
        f"{name}={quote(value)}"
        for name, value in [("category", category), ("sender", sender), ("before", before), ("after", after)]
    )
    for lang in LANGUAGES:
        for url in (
            f"/{lang}/innboks/?{query}",
            f"/{lang}/innboks/{segment}/",
            f"/{lang}/innboks/{segment}/svar/",
            f"/{lang}/innboks/vedlegg/{segment}",
            f"/{lang}/innboks/timeavtaler/{segment}/",
            f"/{lang}/{segment}",
            f"/api/v1/patient-messages?after={quote(record_id)}&limit={quote(sender)}",
        ):
            assert client.get(url).status_code < 500, url


@pytest.fixture
def municipal_service(database, kari):
    service, _ = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Hjemmesykepleien"
    )
    service.digital_contact = True
    database.add(ServiceRecipient(patient_id=kari.id, organisation_id=service.id))
    database.commit()
    return service


@bounded
@given(subject=anything, message=anything, service=anything)
def test_any_message_to_a_service_is_refused_clearly_or_shows(
    client, database, kari, municipal_service, subject, message, service
):
    factories.login(client, kari)
    form = {"csrf_token": csrf(client), "subject": subject, "text": message}
    for service_id in (service, str(municipal_service.id)):
        response = client.post("/nb/innboks/ny-melding/", data={**form, "service": service_id})
        assert response.status_code in (303, 403, 422), response.status_code
        if response.status_code == 303:
            item_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
            stored = database.get(Item, item_id)
            assert_renders(client, f"/innboks/{item_id}/", stored.subject)
            assert_renders(client, "/innboks/", stored.subject)


def appointment_letter(database, kari, region) -> Item:
    """A letter from a hospital in ``region`` calling Kari to an appointment well ahead."""
    org, _ = factories.organisation(database, region=region, name=f"Sykehus {uuid.uuid4().hex[:6]}")
    letter = factories.item(database, kari, org)
    letter.appointment = Appointment(
        patient_id=kari.id,
        organisation_id=org.id,
        starts_at=clock.now() + dt.timedelta(days=5),
        department="Ortopedi",
        place="Bygg 37",
    )
    database.commit()
    return letter


@bounded
@given(message=anything, accept_fee=anything)
def test_any_reply_to_an_appointment_letter_is_refused_clearly_or_shows(
    client, database, kari, message, accept_fee
):
    letter = appointment_letter(database, kari, Region.HELSE_SOR_OST)
    factories.login(client, kari)
    url = f"/nb/innboks/{letter.id}/svar/"
    response = client.post(url, data={"csrf_token": csrf(client), "text": message, "accept_fee": accept_fee})
    assert response.status_code in (303, 409, 422), response.status_code
    if response.status_code == 303:
        assert_renders(client, f"/innboks/{letter.id}/")
        assert_renders(client, "/innboks/")
        # One reply per appointment: the same form again is the clear refusal.
        again = client.post(url, data={"csrf_token": csrf(client), "text": message})
        assert again.status_code == 409


@bounded
@given(message=anything)
def test_any_dialogue_start_is_refused_clearly_or_shows(client, database, kari, message):
    letter = appointment_letter(database, kari, Region.HELSE_VEST)
    factories.login(client, kari)
    url = f"/nb/innboks/timeavtaler/{letter.appointment_id}/"
    response = client.post(url, data={"csrf_token": csrf(client), "text": message})
    assert response.status_code in (303, 409, 422), response.status_code
    if response.status_code == 303:
        item_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
        assert_renders(
            client, f"/innboks/{item_id}/", database.get(Item, item_id).body.split("\n")[0] or None
        )
        assert_renders(client, f"/innboks/timeavtaler/{letter.appointment_id}/")
