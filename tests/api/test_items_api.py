"""Sender systems deliver items over /api/v1/items."""
import json

import pytest
from sqlalchemy import func, select

from app.inbox.models import Attachment, Item
from app.organisations.models import OrganisationKind
from tests import factories
from tests.factories import b64

PDF = b"%PDF-1.4\n%demo\n"


@pytest.fixture
def sender(database):
    return factories.organisation(database)


@pytest.fixture
def patient(database):
    return factories.patient(database)


def payload(patient, **changes):
    body = {"recipient": {"national_id": patient.national_id}, "category": "letter",
            "subject": "Innkalling til time", "body": {"format": "text", "content": "Du har fått time."}}
    body.update(changes)
    return body


def post(client, token, body, key="key-1", **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/api/v1/items", data=data, content_type=headers.pop("content_type", "application/json"),
                       headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key, **headers})


def count(database, model=Item):
    database.expire_all()
    return database.scalar(select(func.count()).select_from(model))


def test_delivers_a_letter_with_an_attachment(client, database, sender, patient):
    org, token = sender
    body = payload(patient, attachments=[{"filename": "innkalling.pdf", "content_type": "application/pdf",
                                          "content_base64": b64(PDF)}])
    response = post(client, token, body)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "delivered" and response.json["category"] == "letter"
    stored = database.get(Item, response.json["id"])
    assert stored.patient_id == patient.id and stored.organisation_id == org.id
    assert stored.attachments[0].data == PDF and stored.attachments[0].size == len(PDF)


def test_retry_with_same_key_makes_no_second_item(client, database, sender, patient):
    _, token = sender
    first = post(client, token, payload(patient))
    again = post(client, token, payload(patient))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert count(database) == 1


def test_same_key_different_body_is_refused(client, database, sender, patient):
    _, token = sender
    post(client, token, payload(patient))
    response = post(client, token, payload(patient, subject="Et annet brev"))
    assert response.status_code == 422 and response.json["error"]["code"] == "idempotency_key_reused"
    assert count(database) == 1


def test_keys_are_per_sender(client, database, sender, patient):
    _, token = sender
    _, other_token = factories.organisation(database, name="Haukeland")
    assert post(client, token, payload(patient)).status_code == 201
    assert post(client, other_token, payload(patient)).status_code == 201
    assert count(database) == 2


def test_html_letters_are_sanitized(client, database, sender, patient):
    _, token = sender
    html = '<p onclick="x()">Hei <script>alert(1)</script><a href="javascript:alert(1)">lenke</a></p><img src=x>'
    response = post(client, token, payload(patient, body={"format": "html", "content": html}))
    stored = database.get(Item, response.json["id"]).body
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored and "<img" not in stored
    assert stored.startswith("<p>Hei")


def test_reply_in_thread(client, database, sender, patient):
    _, token = sender
    first = post(client, token, payload(patient)).json
    reply = post(client, token, payload(patient, in_reply_to=first["id"], subject="Re"), key="key-2").json
    assert reply["thread_id"] == first["thread_id"]


def test_cannot_reply_in_another_senders_thread(client, database, sender, patient):
    _, token = sender
    first = post(client, token, payload(patient)).json
    _, other_token = factories.organisation(database, name="Haukeland")
    response = post(client, other_token, payload(patient, in_reply_to=first["id"]), key="k")
    assert response.status_code == 422 and response.json["error"]["field"] == "in_reply_to"


@pytest.mark.parametrize("token", ["", "innboks_not-a-real-token", "Basic abc"])
def test_unknown_token_is_401(client, database, patient, token):
    response = client.post("/api/v1/items", json=payload(patient),
                           headers={"Authorization": token, "Idempotency-Key": "k"})
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
    assert count(database) == 0


def test_organisation_can_only_send_as_itself(client, database, sender, patient):
    org, token = sender
    other, _ = factories.organisation(database, name="Haukeland")
    response = post(client, token, payload(patient, sender=other.id))
    assert response.status_code == 403 and response.json["error"]["code"] == "wrong_sender"
    assert post(client, token, payload(patient, sender=org.id), key="k2").status_code == 201


@pytest.mark.parametrize("change,status,code,field", [
    ({"recipient": {"national_id": "1505801235"}}, 422, "invalid_national_id", "recipient.national_id"),
    ({"recipient": {"national_id": "15058012358"}}, 422, "invalid_national_id", "recipient.national_id"),
    ({"recipient": "15058012359"}, 422, "invalid_national_id", "recipient.national_id"),
    ({"category": "invoice"}, 422, "unknown_category", "category"),
    ({"category": "research"}, 422, "category_not_allowed", "category"),
    ({"subject": ""}, 422, "invalid_field", "subject"),
    ({"subject": "x" * 301}, 413, "too_large", "subject"),
    ({"body": {"format": "text", "content": "x" * 100_001}}, 413, "too_large", "content"),
    ({"body": {"format": "pdf", "content": "x"}}, 422, "invalid_field", "body.format"),
    ({"body": "text"}, 422, "invalid_field", "body"),
    ({"attachments": [{"filename": "a.exe", "content_type": "application/x-msdownload",
                       "content_base64": b64(b"MZ")}]}, 415, "attachment_type_not_allowed",
     "attachments[0].content_type"),
    ({"attachments": [{"filename": "a.pdf", "content_type": "application/pdf",
                       "content_base64": b64(b"<html>")}]}, 415, "attachment_type_mismatch",
     "attachments[0].content_type"),
    ({"attachments": [{"filename": "a.pdf", "content_type": "application/pdf",
                       "content_base64": "***"}]}, 422, "invalid_field", "attachments[0].content_base64"),
    ({"attachments": [{"filename": "../a.pdf", "content_type": "application/pdf",
                       "content_base64": b64(PDF)}]}, 422, "invalid_field", "attachments[0].filename"),
    ({"in_reply_to": 999999}, 422, "unknown_thread", "in_reply_to"),
])
def test_bad_input_is_refused_and_nothing_stored(client, database, sender, patient, change, status, code, field):
    _, token = sender
    response = post(client, token, payload(patient, **change))
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]
    assert count(database) == 0 and count(database, Attachment) == 0


def test_unknown_patient(client, database, sender):
    _, token = sender
    response = post(client, token, {"recipient": {"national_id": "01020304932"}, "category": "letter",
                                    "subject": "x", "body": {"format": "text", "content": "x"}})
    assert response.status_code == 422 and response.json["error"]["code"] == "unknown_patient"
    assert count(database) == 0


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", b"\xff\xfe"])
def test_invalid_json(client, database, sender, data):
    _, token = sender
    response = post(client, token, data)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_json"


def test_missing_idempotency_key(client, sender, patient):
    _, token = sender
    response = client.post("/api/v1/items", json=payload(patient), headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json["error"]["code"] == "idempotency_key_required"


def test_not_json_content_type(client, sender, patient):
    _, token = sender
    response = post(client, token, json.dumps(payload(patient)), content_type="text/plain")
    assert response.status_code == 415


def test_request_too_large(client, database, sender, patient):
    _, token = sender
    huge = payload(patient, attachments=[{"filename": "a.pdf", "content_type": "application/pdf",
                                          "content_base64": b64(PDF + b"0" * 10_000_000)}])
    response = post(client, token, huge)
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert count(database) == 0


def test_research_project_sends_research_messages(client, database, patient):
    _, token = factories.organisation(database, kind=OrganisationKind.RESEARCH, name="Helseundersøkelsen")
    assert post(client, token, payload(patient, category="research")).status_code == 201
    assert post(client, token, payload(patient, category="letter"), key="k2").status_code == 422
