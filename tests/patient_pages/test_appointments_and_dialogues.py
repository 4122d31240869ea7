"""Issue 4's flows over HTTP: the Helse Sør-Øst reply button, dialogues from
appointments (Helse Vest, Nord, Midt-Norge), municipal services, read-only items."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.appointments.models import Appointment, AppointmentReply
from app.inbox.models import Category, Item, Thread
from app.municipal.models import ServiceRecipient
from app.organisations.models import OrganisationKind, Region
from tests import factories
from tests.html import csrf, page, text

OSLO = ZoneInfo("Europe/Oslo")
APPOINTMENT = dt.datetime(2027, 1, 12, 9, 30, tzinfo=OSLO)


def count(database, model):
    database.expire_all()
    return database.scalar(select(func.count()).select_from(model))


def deliver_letter(client, database, patient, region, key="letter-1"):
    org, token = factories.organisation(database, region=region, name=f"Sykehus {region.value}")
    response = client.post(
        "/api/v1/items",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        json={
            "recipient": {"national_id": patient.national_id},
            "category": "letter",
            "subject": "Innkalling",
            "body": {"format": "text", "content": "Velkommen."},
            "appointment": {
                "starts_at": APPOINTMENT.isoformat(),
                "department": "Ortopedisk poliklinikk",
                "place": "Bygg 37",
            },
        },
    )
    assert response.status_code == 201, response.json
    return response.json["id"], token


# ---- Helse Sør-Øst ---------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,deadline,button",
    [
        ("nb", "mandag 11. januar 2027, 09:30", "Svar: tiden passer ikke"),
        ("en", "Monday, January 11, 2027, 9:30 AM", "Reply: the time does not suit me"),
        # The se catalog has no Sámi for the sentence yet: the date is in its Norwegian.
        ("se", "mandag 11. januar 2027, 09:30", "Svar: tiden passer ikke"),
    ],
)
def test_letter_shows_deadline_and_reply_button(client, database, kari, set_time, lang, deadline, button):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(days=3))
    factories.login(client, kari, lang)
    html = page(client.get(f"/{lang}/innboks/{letter_id}/"))
    box = html.select_one(".innboks-appointment")
    assert deadline in text(box)
    assert text(box.select_one(f'a[href="/{lang}/innboks/{letter_id}/svar/"]')) == button


def test_reply_in_time(client, database, kari, set_time):
    letter_id, token = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(hours=24))  # exactly on the deadline: in time
    factories.login(client, kari, "en")
    form = page(client.get(f"/en/innboks/{letter_id}/svar/"))
    assert form.select_one(".admonition.warning") is None  # no fee warning in time
    response = client.post(
        f"/en/innboks/{letter_id}/svar/", data={"csrf_token": csrf(client), "text": "Jeg er bortreist."}
    )
    assert response.status_code == 303
    reply = database.scalars(select(AppointmentReply)).one()
    assert reply.in_time is True
    letter_page = page(client.get(f"/en/innboks/{letter_id}/"))
    assert "You told the hospital on" in text(letter_page.select_one(".innboks-appointment"))
    assert [text(li).split(" – ")[0] for li in letter_page.select("ol.innboks-thread li")] == [
        "Innkalling",
        "Re: Innkalling",
    ]
    # The hospital's system sees the reply and that it came in time.
    messages = client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).json[
        "messages"
    ]
    assert [(m["text"], m["appointment_reply"]["in_time"]) for m in messages] == [("Jeg er bortreist.", True)]
    # ... and answers it in the same thread, which the patient sees.
    answer = client.post(
        "/api/v1/items",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "svar"},
        json={
            "recipient": {"national_id": kari.national_id},
            "category": "message",
            "subject": "Ny time",
            "in_reply_to": messages[0]["id"],
            "body": {"format": "text", "content": "Du får ny time."},
        },
    )
    assert answer.status_code == 201
    assert "Ny time" in text(page(client.get(f"/en/innboks/{letter_id}/")).select_one("ol.innboks-thread"))


PASSED = (
    "The deadline to tell the hospital without having to pay the fee was Monday, January 11, 2027, 9:30 AM"
)


@pytest.mark.parametrize(
    ("before", "says", "never_says"),
    [
        (dt.timedelta(hours=24), "no later than Monday, January 11, 2027, 9:30 AM", "The deadline to tell"),
        (dt.timedelta(hours=23, minutes=59), PASSED, "no later than"),
    ],
)
def test_the_letter_says_what_the_deadline_means_when_it_is_read(
    client, database, kari, set_time, before, says, never_says
):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - before)
    factories.login(client, kari, "en")
    html = page(client.get(f"/en/innboks/{letter_id}/")).select_one(".innboks-appointment")
    box = text(html)
    assert says in box and never_says not in box
    assert html.select_one(f'a[href="/en/innboks/{letter_id}/svar/"]') is not None  # a reply still possible
    assert box.count("January 11, 2027") == 1  # the deadline, said once


@pytest.mark.parametrize(
    "lang,warning", [("nb", "Fristen er ute"), ("en", "The deadline has passed"), ("se", "Fristen er ute")]
)
def test_late_reply_warns_before_sending_and_is_flagged(client, database, kari, set_time, lang, warning):
    letter_id, token = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(hours=23, minutes=59))
    factories.login(client, kari, lang)
    url = f"/{lang}/innboks/{letter_id}/svar/"
    form = page(client.get(url))
    assert warning in text(form.select_one(".admonition.warning"))
    # Sending without confirming the fee is refused, nothing stored.
    refused = client.post(url, data={"csrf_token": csrf(client)})
    assert refused.status_code == 422 and page(refused).select_one('[role="alert"]')
    assert count(database, AppointmentReply) == 0
    sent = client.post(url, data={"csrf_token": csrf(client), "accept_fee": "yes"})
    assert sent.status_code == 303
    assert database.scalars(select(AppointmentReply)).one().in_time is False
    messages = client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).json[
        "messages"
    ]
    assert messages[0]["appointment_reply"] == {
        "in_time": False,
        "appointment_id": messages[0]["appointment_id"],
    }


@pytest.mark.parametrize(
    "lang,message",
    [
        ("nb", "Tidspunktet for timen er passert, så du kan ikke lenger svare."),
        ("en", "The appointment time has passed, so you can no longer reply."),
    ],
)
def test_no_reply_after_the_appointment(client, database, kari, set_time, lang, message):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT)
    factories.login(client, kari, lang)
    url = f"/{lang}/innboks/{letter_id}/svar/"
    assert message in text(
        page(client.get(f"/{lang}/innboks/{letter_id}/")).select_one(".innboks-appointment")
    )
    assert page(client.get(f"/{lang}/innboks/{letter_id}/")).select_one(f'a[href="{url}"]') is None
    response = client.post(url, data={"csrf_token": csrf(client), "accept_fee": "yes"})
    assert response.status_code == 409 and message in text(page(response).select_one('[role="alert"]'))
    assert count(database, AppointmentReply) == 0


def test_reply_twice_is_refused(client, database, kari, set_time):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(days=2))
    factories.login(client, kari)
    url = f"/nb/innboks/{letter_id}/svar/"
    assert client.post(url, data={"csrf_token": csrf(client)}).status_code == 303
    again = client.post(url, data={"csrf_token": csrf(client)})
    assert again.status_code == 409 and "Du har allerede svart på denne timen." in again.text
    assert count(database, AppointmentReply) == 1


def test_reply_text_too_long(client, database, kari, set_time):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(days=2))
    factories.login(client, kari, "en")
    url = f"/en/innboks/{letter_id}/svar/"
    response = client.post(url, data={"csrf_token": csrf(client), "text": "x" * 501})
    assert response.status_code == 422
    assert "Shorten it to at most 500 characters" in response.text
    assert count(database, AppointmentReply) == 0


def test_reply_to_a_letter_without_appointment(client, database, kari):
    hospital, _ = factories.organisation(database)
    letter = factories.item(database, kari, hospital)
    factories.login(client, kari, "en")
    url = f"/en/innboks/{letter.id}/svar/"
    assert client.get(url).status_code == 400
    response = client.post(url, data={"csrf_token": csrf(client)})
    assert response.status_code == 400 and "You can only reply to an appointment letter." in response.text


def test_reply_to_someone_elses_letter(client, database, kari, set_time):
    ola = factories.patient(database, "Ola Nordmann")
    letter_id, _ = deliver_letter(client, database, ola, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(days=2))
    factories.login(client, kari)
    response = client.post(f"/nb/innboks/{letter_id}/svar/", data={"csrf_token": csrf(client)})
    assert response.status_code == 404
    assert count(database, AppointmentReply) == 0


# ---- Helse Vest, Helse Nord, Helse Midt-Norge: dialogue from the appointment ------------


@pytest.mark.parametrize("region", [Region.HELSE_VEST, Region.HELSE_NORD, Region.HELSE_MIDT_NORGE])
def test_no_reply_button_but_a_dialogue(client, database, kari, set_time, region):
    letter_id, token = deliver_letter(client, database, kari, region)
    set_time(APPOINTMENT - dt.timedelta(days=3))
    factories.login(client, kari)
    letter = page(client.get(f"/nb/innboks/{letter_id}/"))
    assert letter.select_one(f'a[href="/nb/innboks/{letter_id}/svar/"]') is None
    detail_url = letter.select_one('.innboks-appointment a[href*="/timeavtaler/"]')["href"]
    # Appointments (Timeavtaler) lists it.
    listing = page(client.get("/nb/innboks/timeavtaler/"))
    assert text(listing.find("h1")) == "Timeavtaler" and listing.select_one(f'a[href="{detail_url}"]')
    response = client.post(detail_url, data={"csrf_token": csrf(client), "text": "Kan jeg ta med tolk?"})
    assert response.status_code == 303
    assert client.post(f"/nb/innboks/{letter_id}/svar/", data={"csrf_token": csrf(client)}).status_code == 409
    messages = client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).json[
        "messages"
    ]
    assert messages[0]["text"] == "Kan jeg ta med tolk?" and messages[0]["appointment_id"] is not None
    client.post(
        "/api/v1/items",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "a"},
        json={
            "recipient": {"national_id": kari.national_id},
            "category": "message",
            "subject": "Tolk",
            "in_reply_to": messages[0]["id"],
            "body": {"format": "text", "content": "Ja, vi bestiller."},
        },
    )
    inbox = page(client.get("/nb/innboks/"))
    answer_link = inbox.find("a", string="Tolk")
    answer = page(client.get(answer_link["href"]))
    assert answer.select_one(f'a[href="{detail_url}"]')  # the thread is linked to the appointment
    again = client.post(detail_url, data={"csrf_token": csrf(client), "text": "En gang til"})
    assert again.status_code == 409 and "Du har allerede startet en dialog om denne timen." in again.text


def test_dialogue_on_a_helse_sor_ost_appointment_is_refused(client, database, kari, set_time):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    set_time(APPOINTMENT - dt.timedelta(days=3))
    factories.login(client, kari, "en")
    detail = page(client.get("/en/innboks/timeavtaler/")).select_one(".innboks-appointments a")["href"]
    response = client.post(detail, data={"csrf_token": csrf(client), "text": "Hei"})
    assert response.status_code == 409
    assert "For this hospital, use the reply button in the appointment letter." in response.text
    assert count(database, Thread) == 1


@pytest.mark.parametrize(
    "message,status,expected",
    [("", 422, "Write a message before you send it."), ("x" * 2001, 422, "at most 2000 characters")],
)
def test_empty_or_oversized_dialogue(client, database, kari, set_time, message, status, expected):
    deliver_letter(client, database, kari, Region.HELSE_VEST)
    set_time(APPOINTMENT - dt.timedelta(days=3))
    factories.login(client, kari, "en")
    detail = page(client.get("/en/innboks/timeavtaler/")).select_one(".innboks-appointments a")["href"]
    response = client.post(detail, data={"csrf_token": csrf(client), "text": message})
    assert response.status_code == status and expected in response.text
    assert count(database, Thread) == 1


# ---- Municipal services ------------------------------------------------------------


@pytest.fixture
def services(database, kari):
    received_open, _ = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Hjemmesykepleien"
    )
    received_closed, _ = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Fysioterapi"
    )
    not_received, _ = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Helsestasjonen"
    )
    received_open.digital_contact = not_received.digital_contact = True
    database.add_all(
        [
            ServiceRecipient(patient_id=kari.id, organisation_id=received_open.id),
            ServiceRecipient(patient_id=kari.id, organisation_id=received_closed.id),
        ]
    )
    database.commit()
    return received_open, received_closed, not_received


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("nb", "Du kan forvente svar mandag 4. januar 2027."),
        ("en", "You can expect an answer on Monday, January 4, 2027."),
        ("se", "Du kan forvente svar 2027 ođđajagemánnu 4, vuossárga."),
    ],
)
def test_message_to_a_service_tells_when_to_expect_an_answer(
    client, database, kari, services, set_time, lang, expected
):
    set_time(dt.datetime(2026, 12, 31, 14, 0, tzinfo=OSLO))
    factories.login(client, kari, lang)
    url = f"/{lang}/innboks/ny-melding/"
    form = page(client.get(url))
    assert [text(o) for o in form.select("#message-service option")] == ["Hjemmesykepleien"]
    response = client.post(
        url,
        data={
            "csrf_token": csrf(client),
            "service": services[0].id,
            "subject": "Besøk",
            "text": "Kan dere komme senere?",
        },
    )
    assert response.status_code == 303
    sent = page(client.get(response.headers["Location"]))
    assert expected in text(sent.select_one("article"))


@pytest.mark.parametrize("which", [1, 2])
def test_message_to_a_service_not_open_to_the_patient_is_refused(client, database, kari, services, which):
    factories.login(client, kari, "en")
    url = "/en/innboks/ny-melding/"
    response = client.post(
        url, data={"csrf_token": csrf(client), "service": services[which].id, "subject": "Hei", "text": "Hei"}
    )
    assert response.status_code == 403
    assert "You can only send messages to services you receive" in text(
        page(response).select_one('[role="alert"]')
    )
    assert count(database, Item) == 0


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"subject": "Hei", "text": ""}, "Write a message before you send it."),
        ({"subject": "", "text": "Hei"}, "Write a subject for the message."),
        ({"subject": "Hei", "text": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_message_to_a_service(client, database, kari, services, data, expected):
    factories.login(client, kari, "en")
    url = "/en/innboks/ny-melding/"
    response = client.post(url, data={"csrf_token": csrf(client), "service": services[0].id, **data})
    assert response.status_code == 422 and expected in response.text
    assert count(database, Item) == 0


def test_service_reply_arrives_in_the_thread(client, database, kari):
    service, token = factories.organisation(
        database, kind=OrganisationKind.MUNICIPAL_SERVICE, name="Hjemmesykepleien"
    )
    service.digital_contact = True
    database.add(ServiceRecipient(patient_id=kari.id, organisation_id=service.id))
    database.commit()
    factories.login(client, kari, "en")
    url = "/en/innboks/ny-melding/"
    sent = client.post(
        url,
        data={
            "csrf_token": csrf(client),
            "service": service.id,
            "subject": "Besøk",
            "text": "Kan dere komme senere?",
        },
    )
    messages = client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {token}"}).json[
        "messages"
    ]
    assert [m["text"] for m in messages] == ["Kan dere komme senere?"] and messages[0][
        "appointment_id"
    ] is None
    client.post(
        "/api/v1/items",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "s"},
        json={
            "recipient": {"national_id": kari.national_id},
            "category": "message",
            "subject": "Re: Besøk",
            "in_reply_to": messages[0]["id"],
            "body": {"format": "text", "content": "Ja."},
        },
    )
    thread_page = page(client.get(sent.headers["Location"]))
    assert "Re: Besøk" in text(thread_page.select_one("ol.innboks-thread"))
    assert "You can expect an answer" not in text(thread_page.select_one("article"))
    # Another organisation sees nothing of it.
    _, other = factories.organisation(database, kind=OrganisationKind.GP, name="Fastlegen")
    assert (
        client.get("/api/v1/patient-messages", headers={"Authorization": f"Bearer {other}"}).json["messages"]
        == []
    )


# ---- Read-only items ---------------------------------------------------------------


@pytest.mark.parametrize("category", [Category.RESEARCH, Category.FORM_RECEIPT])
@pytest.mark.parametrize(
    "lang,notice",
    [("nb", "Du kan ikke svare på denne meldingen."), ("en", "You cannot reply to this message.")],
)
def test_surveys_and_receipts_are_read_only(client, database, kari, category, lang, notice):
    sender, _ = factories.organisation(database, kind=OrganisationKind.RESEARCH, name="Helseundersøkelsen")
    item = factories.item(database, kari, sender, category=category)
    factories.login(client, kari, lang)
    html = page(client.get(f"/{lang}/innboks/{item.id}/"))
    assert notice in text(html.select_one("article"))
    assert (
        html.select_one('a[href$="/svar/"]') is None
        and html.select_one("article form:not(.innboks-sign-out)") is None
    )
    response = client.post(f"/{lang}/innboks/{item.id}/svar/", data={"csrf_token": csrf(client)})
    assert response.status_code == 400


def test_patient_messages_api_needs_a_token_and_valid_paging(client, database):
    assert client.get("/api/v1/patient-messages").status_code == 401
    _, token = factories.organisation(database)
    response = client.get("/api/v1/patient-messages?after=x", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"


def test_someone_elses_appointment_is_not_found(client, database, kari, set_time):
    ola = factories.patient(database, "Ola Nordmann")
    deliver_letter(client, database, ola, Region.HELSE_VEST)
    set_time(APPOINTMENT - dt.timedelta(days=3))
    factories.login(client, kari, "se")
    appointment_id = database.scalar(select(Appointment.id))  # Ola's
    for response in (
        client.get(f"/se/innboks/timeavtaler/{appointment_id}/"),
        client.post(
            f"/se/innboks/timeavtaler/{appointment_id}/", data={"csrf_token": csrf(client), "text": "Hei"}
        ),
    ):
        assert response.status_code == 404 and page(response).html["lang"] == "se"
    assert count(database, Thread) == 1


def test_refused_field_is_marked_invalid(client, database, kari, services):
    factories.login(client, kari, "en")
    url = "/en/innboks/ny-melding/"
    response = client.post(
        url, data={"csrf_token": csrf(client), "service": services[0].id, "subject": "Hei", "text": "  "}
    )
    html = page(response)
    assert html.select_one("#message-text")["aria-invalid"] == "true"
    assert html.select_one("#message-text")["aria-describedby"] == "message-hint message-text-error"
    assert not html.select_one("#message-subject").has_attr("aria-invalid")
    assert text(html.select_one("#message-text-error")) == "Error: Write a message before you send it."


def test_every_mistake_of_a_form_is_named_at_the_top_and_at_its_field(client, database, kari, services):
    """The GOV.UK pattern: a summary linking to each field, focused; each field marked; the title says so."""
    factories.login(client, kari, "en")
    response = client.post(
        "/en/innboks/ny-melding/",
        data={"csrf_token": csrf(client), "service": services[0].id, "subject": " ", "text": ""},
    )
    assert response.status_code == 422
    html = page(response)
    assert html.title.get_text().startswith("Error: New message to a municipal service")
    summary = html.select_one("#error-summary")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1" and summary["role"] == "alert"
    assert [(a["href"], text(a)) for a in summary.select("a")] == [
        ("#message-subject", "Write a subject for the message."),
        ("#message-text", "Write a message before you send it."),
    ]
    for field in ("message-subject", "message-text"):
        assert html.select_one(f"#{field}")["aria-invalid"] == "true"
        assert f"{field}-error" in html.select_one(f"#{field}")["aria-describedby"]
        assert "innboks-field--error" in html.select_one(f"#{field}").parent["class"]
    assert not html.select_one("#message-service").has_attr("aria-invalid")
