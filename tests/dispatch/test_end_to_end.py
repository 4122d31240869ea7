"""The whole way, with every provider real on loopback: a hospital letter delivered through
the API reaches a portal user by SMS and e-mail and a citizen without the portal in their
digital mailbox, then by post when the mailbox refuses it; signed receipts move the
statuses; the item page shows the way."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.cli import make_worker
from app.dispatch.channels import Kind
from app.dispatch.models import Dispatch, Purpose, Status
from tests import factories, provider_server
from tests.dispatch.helpers import deliver, hospital, portal_user
from tests.html import page, text

SMS_SECRET, MAILBOX_SECRET = b"sms-secret", b"mailbox-secret"
ADDRESS = {
    "navn": "Áile Somby",
    "adresselinjer": ["Čáhppesjávri 3"],
    "postnummer": "9520",
    "poststed": "Guovdageaidnu",
}


@pytest.fixture
def smtp(smtp_module):
    return smtp_module


@pytest.fixture
def app_config(providers, smtp):
    return {
        "NOTIFY_GATHER_SECONDS": 0,
        "CONTACT_REGISTER_URL": providers.url,
        "SMS_GATEWAY_URL": providers.url,
        "SMS_RECEIPT_SECRET": SMS_SECRET.decode(),
        "DIGITAL_MAILBOX_URL": providers.url,
        "DIGITAL_MAILBOX_RECEIPT_SECRET": MAILBOX_SECRET.decode(),
        "PRINT_SERVICE_URL": providers.url,
        "SMTP_URL": smtp[1],
    }


def work(app):
    with app.app_context():
        worker = make_worker(app)
        while worker.run_once():
            pass


def receipt(client, channel: str, secret: bytes, body):
    raw, headers = provider_server.signed(secret, body)
    return client.post(f"/receipts/{channel}", data=raw, headers=headers)


def dispatches(database, patient):
    database.expire_all()
    return database.scalars(
        select(Dispatch).where(Dispatch.patient_id == patient.id).order_by(Dispatch.id)
    ).all()


def test_a_hospital_letter_reaches_everyone_by_their_channel(app, client, database, providers, smtp):
    org, token = hospital(database)
    kari = portal_user(database)
    aile = factories.patient(database, "Áile Somby")
    providers.person(kari.national_id, mobile="+4791234567", email="kari@example.org")
    providers.person(aile.national_id, mailbox="aile#1", address=ADDRESS)
    kari_item = deliver(client, token, kari, "k1", subject="Innkalling til time")
    deliver(client, token, aile, "k2", subject="Innkalling til time")
    work(app)

    sms, escalation, email = dispatches(database, kari)  # the e-mail was made when the SMS was routed
    assert (sms.channel, sms.status, sms.final) == (Kind.SMS, Status.SENT, False)  # awaits its receipt
    assert (email.channel, email.status, email.final) == (Kind.EMAIL, Status.SENT, True)
    assert escalation.purpose is Purpose.ESCALATION and escalation.status is Status.CREATED
    [text_message] = [r for r in providers.sent_to("/v1/messages") if r.body["to"] == "+4791234567"]
    assert "Innkalling" not in text_message.body["text"]
    assert any(m["To"] == "kari@example.org" for m in smtp[0].messages)

    delivered = receipt(client, "sms", SMS_SECRET, {"id": sms.provider_reference, "status": "delivered"})
    assert delivered.status_code == 200 and delivered.json["status"] == "changed"
    again = receipt(client, "sms", SMS_SECRET, {"id": sms.provider_reference, "status": "failed"})
    assert again.status_code == 200 and again.json["status"] == "unchanged"
    assert dispatches(database, kari)[0].status is Status.DELIVERED

    [letter] = dispatches(database, aile)
    assert (letter.channel, letter.status) == (Kind.DIGITAL_MAILBOX, Status.SENT)
    refused = receipt(
        client, "digital-mailbox", MAILBOX_SECRET, {"id": letter.provider_reference, "status": "failed"}
    )
    assert refused.status_code == 200
    work(app)
    [letter] = dispatches(database, aile)
    assert (letter.channel, letter.status, letter.final) == (Kind.POST, Status.SENT, True)
    assert providers.sent_to("/v1/print-jobs")[-1].body["address"]["city"] == "Guovdageaidnu"

    factories.login(client, kari)
    main = text(page(client.get(f"/en/innboks/{kari_item}/")).select_one("main"))
    assert "Notification by SMS delivered" in main and "Notification sent by e-mail" in main


@pytest.mark.parametrize(
    "case, status",
    [("unsigned", 401), ("wrong secret", 401), ("malformed", 400), ("unknown", 404), ("not configured", 404)],
)
def test_bad_receipts_are_refused_and_change_nothing(client, case, status):
    body = {"id": "p-does-not-exist", "status": "delivered"}
    if case == "unsigned":
        response = client.post("/receipts/sms", json=body)
    elif case == "wrong secret":
        response = receipt(client, "sms", b"guess", body)
    elif case == "malformed":
        response = receipt(client, "sms", SMS_SECRET, {"status": "delivered"})
    elif case == "not configured":
        client.application.config["SMS_RECEIPT_SECRET"] = ""
        response = receipt(client, "sms", SMS_SECRET, body)
    else:
        response = receipt(client, "sms", SMS_SECRET, body)
    assert response.status_code == status and response.json["message"]


@settings(max_examples=40, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(body=st.binary(max_size=120), signature=st.one_of(st.none(), st.text(max_size=60)), sign=st.booleans())
def test_any_callback_is_answered_without_a_server_error(client, body, signature, sign):
    headers = (
        provider_server.signed(SMS_SECRET, body)[1]
        if sign
        else ({"X-Signature": signature} if signature else {})
    )
    response = client.post("/receipts/sms", data=body, headers=headers)
    assert response.status_code in (200, 400, 401, 404)
