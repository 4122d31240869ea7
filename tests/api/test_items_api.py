"""Sender systems deliver items over /api/v1/items."""

import datetime as dt
import json

import pytest

from app import clock
from app.inbox.models import Attachment, Item
from app.organisations.models import OrganisationKind
from tests import factories
from tests.api.helpers import APPOINTMENT, PDF, attachment, count, payload, post
from tests.factories import b64


def test_delivers_a_letter_with_an_attachment(client, database, sender, patient):
    org, token = sender
    body = payload(
        patient,
        attachments=[
            {"filename": "innkalling.pdf", "content_type": "application/pdf", "content_base64": b64(PDF)}
        ],
    )
    response = post(client, token, body)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "delivered" and response.json["category"] == "letter"
    stored = database.get(Item, response.json["id"])
    assert stored.patient_id == patient.id and stored.organisation_id == org.id
    assert stored.attachments[0].data == PDF and stored.attachments[0].size == len(PDF)


def test_sent_at_is_the_apps_clock(client, database, sender, patient):
    _, token = sender
    moment = dt.datetime(2027, 1, 5, 8, 15, tzinfo=dt.UTC)
    with clock.frozen_at(moment):
        response = post(client, token, payload(patient))
    assert dt.datetime.fromisoformat(response.json["sent_at"]) == moment
    assert database.get(Item, response.json["id"]).sent_at == moment


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
    html = (
        '<p onclick="x()">Hei <script>alert(1)</script><a href="javascript:alert(1)">lenke</a></p><img src=x>'
    )
    response = post(client, token, payload(patient, body={"format": "html", "content": html}))
    stored = database.get(Item, response.json["id"]).body
    assert not any(word in stored for word in ("script", "onclick", "javascript", "<img"))
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
    assert response.status_code == 422 and response.json["error"]["code"] == "unknown_recipient_or_thread"


@pytest.mark.parametrize("token", ["", "innboks_not-a-real-token", "Basic abc"])
def test_unknown_token_is_401(client, database, patient, token):
    response = client.post(
        "/api/v1/items", json=payload(patient), headers={"Authorization": token, "Idempotency-Key": "k"}
    )
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
    assert count(database) == 0


def test_organisation_can_only_send_as_itself(client, database, sender, patient):
    org, token = sender
    other, _ = factories.organisation(database, name="Haukeland")
    response = post(client, token, payload(patient, sender=other.id))
    assert response.status_code == 403 and response.json["error"]["code"] == "wrong_sender"
    assert post(client, token, payload(patient, sender=org.id), key="k2").status_code == 201


@pytest.mark.parametrize(
    "change,status,code,field",
    [
        ({"recipient": {"national_id": "1505801235"}}, 422, "invalid_national_id", "recipient.national_id"),
        ({"recipient": {"national_id": "15058012358"}}, 422, "invalid_national_id", "recipient.national_id"),
        ({"recipient": "15058012359"}, 422, "invalid_national_id", "recipient.national_id"),
        ({"category": "invoice"}, 422, "unknown_category", "category"),
        ({"category": "research"}, 422, "category_not_allowed", "category"),
        ({"subject": ""}, 422, "invalid_field", "subject"),
        ({"subject": "x" * 301}, 413, "too_large", "subject"),
        ({"body": {"format": "text", "content": "x" * 100_001}}, 413, "too_large", "body.content"),
        ({"body": {"format": "pdf", "content": "x"}}, 422, "invalid_field", "body.format"),
        ({"body": "text"}, 422, "invalid_field", "body"),
        (
            {
                "attachments": [
                    {
                        "filename": "a.exe",
                        "content_type": "application/x-msdownload",
                        "content_base64": b64(b"MZ"),
                    }
                ]
            },
            415,
            "attachment_type_not_allowed",
            "attachments[0].content_type",
        ),
        (
            {
                "attachments": [
                    {"filename": "a.pdf", "content_type": "application/pdf", "content_base64": b64(b"<html>")}
                ]
            },
            415,
            "attachment_type_mismatch",
            "attachments[0].content_type",
        ),
        (
            {
                "attachments": [
                    {"filename": "a.pdf", "content_type": "application/pdf", "content_base64": "***"}
                ]
            },
            422,
            "invalid_field",
            "attachments[0].content_base64",
        ),
        (
            {
                "attachments": [
                    {"filename": "../a.pdf", "content_type": "application/pdf", "content_base64": b64(PDF)}
                ]
            },
            422,
            "invalid_field",
            "attachments[0].filename",
        ),
        ({"in_reply_to": 999999}, 422, "unknown_recipient_or_thread", None),
        ({"in_reply_to": 2**31}, 422, "unknown_recipient_or_thread", None),
        ({"in_reply_to": 2**63 - 1}, 422, "unknown_recipient_or_thread", None),
        # shapes the document refuses
        ({"recipient": {}}, 422, "invalid_national_id", "recipient.national_id"),
        ({"recipient": {"national_id": 15058012359}}, 422, "invalid_national_id", "recipient.national_id"),
        ({"category": ["letter"]}, 422, "unknown_category", "category"),
        ({"subject": "   "}, 422, "invalid_field", "subject"),
        ({"subject": "Innkalling\x00"}, 422, "invalid_field", "subject"),
        ({"subject": 12}, 422, "invalid_field", "subject"),
        ({"body": {"format": "text"}}, 422, "invalid_field", "body.content"),
        ({"body": {"format": "text", "content": " \n "}}, 422, "invalid_field", "body.content"),
        ({"attachments": "a.pdf"}, 422, "invalid_field", "attachments"),
        ({"attachments": [attachment()] * 11}, 422, "invalid_field", "attachments"),
        (
            {"attachments": [attachment(filename="x" * 252 + ".pdf")]},
            413,
            "too_large",
            "attachments[0].filename",
        ),
        (
            {"attachments": [attachment(filename=".htaccess")]},
            422,
            "invalid_field",
            "attachments[0].filename",
        ),
        (
            {"attachments": [attachment(filename="c:\\a.pdf")]},
            422,
            "invalid_field",
            "attachments[0].filename",
        ),
        (
            {"attachments": [{"filename": "a.pdf", "content_base64": b64(PDF)}]},
            415,
            "attachment_type_not_allowed",
            "attachments[0].content_type",
        ),
        (
            {"attachments": [attachment(content_base64="")]},
            422,
            "invalid_field",
            "attachments[0].content_base64",
        ),
        ({"attachments": [attachment(), "b.pdf"]}, 422, "invalid_field", "attachments[1]"),
        ({"appointment": "tomorrow"}, 422, "invalid_field", "appointment"),
        (
            {"appointment": {**APPOINTMENT, "department": "x" * 201}},
            413,
            "too_large",
            "appointment.department",
        ),
        ({"appointment": {**APPOINTMENT, "place": ""}}, 422, "invalid_field", "appointment.place"),
        (
            {"appointment": {**APPOINTMENT, "starts_at": "2027-01-12T09:30:00"}},
            422,
            "invalid_field",
            "appointment.starts_at",
        ),
        (
            {"appointment": {**APPOINTMENT, "starts_at": "0001-01-01T00:30:00+01:00"}},
            422,
            "invalid_field",
            "appointment.starts_at",
        ),
        # Outside the window of ten years either side of now (issue 10: these broke every page
        # that showed the appointment)
        *(
            (
                {"appointment": {**APPOINTMENT, "starts_at": when}},
                422,
                "invalid_field",
                "appointment.starts_at",
            )
            for when in (
                "9999-12-31T23:59:59+00:00",
                "0001-01-02T00:00:00+00:00",
                "2100-01-01T09:00:00+01:00",
            )
        ),
        (
            {"appointment": {**APPOINTMENT, "starts_at": "soon"}},
            422,
            "invalid_field",
            "appointment.starts_at",
        ),
        ({"category": "message", "appointment": APPOINTMENT}, 422, "invalid_field", "appointment"),
        ({"in_reply_to": "12"}, 422, "invalid_field", "in_reply_to"),
        ({"in_reply_to": 0}, 422, "invalid_field", "in_reply_to"),
        ({"in_reply_to": 2**70}, 422, "invalid_field", "in_reply_to"),
        ({"sender": "me"}, 422, "invalid_field", "sender"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    client, database, sender, patient, change, status, code, field
):
    _, token = sender
    response = post(client, token, payload(patient, **change))
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert response.json["error"].get("field") == field
    assert response.json["error"]["message"]
    assert count(database) == 0 and count(database, Attachment) == 0


@pytest.mark.parametrize(
    "missing,code",
    [
        ("recipient", "invalid_national_id"),
        ("category", "unknown_category"),
        ("subject", "invalid_field"),
        ("body", "invalid_field"),
    ],
)
def test_missing_field_is_named(client, database, sender, patient, missing, code):
    _, token = sender
    body = payload(patient)
    del body[missing]
    response = post(client, token, body)
    assert response.status_code == 422 and response.json["error"]["code"] == code
    assert response.json["error"]["field"].split(".")[0] == missing
    assert f"'{missing}' is required" in response.json["error"]["message"]


@pytest.mark.parametrize(
    "change",
    [
        {"in_reply_to": None},
        {"attachments": None},
        {"attachments": []},
        {"appointment": None},
        {"appointment": APPOINTMENT},
        {"attachments": [attachment(filename=" innkalling (2).pdf")]},
        {"in_reply_to": None, "unknown_property": {"is": "ignored"}},
    ],
)
def test_optional_fields_may_be_null_or_left_out(client, database, sender, patient, change):
    _, token = sender
    assert post(client, token, payload(patient, **change)).status_code == 201


@pytest.mark.parametrize(
    "change,field,expected",
    [
        ({"subject": "x" * 100_000}, "subject", "longer than 300 characters"),
        (
            {"category": "x" * 100_000},
            "category",
            "one of letter, message, research, form_receipt; got a string",
        ),
        ({"category": "invoice"}, "category", 'got "invoice"'),
        ({"body": ["x" * 100_000]}, "body", "must be an object with 'format', 'content'; got a list"),
        ({"attachments": [attachment()] * 11}, "attachments", "may have at most 10 entries"),
        ({"attachments": [attachment(filename="a/" * 100)]}, "attachments[0].filename", "without a path"),
        ({"recipient": {"national_id": "x" * 100_000}}, "recipient.national_id", "11 digits"),
        ({"in_reply_to": 2**70}, "in_reply_to", "at most 9223372036854775807"),
    ],
)
def test_message_says_what_is_expected_and_not_the_whole_value(
    client, sender, patient, change, field, expected
):
    _, token = sender
    error = post(client, token, payload(patient, **change)).json["error"]
    assert error["field"] == field
    assert expected in error["message"] and len(error["message"]) < 300, error["message"]


@pytest.mark.parametrize(
    "change,field",
    [
        # missing properties first, then the properties in the document's order
        ({"recipient": "x", "subject": "x" * 301, "body": None}, "recipient.national_id"),
        ({"subject": "x" * 301, "attachments": [{}], "appointment": {}}, "subject"),
        ({"attachments": [attachment(), {}, "x"], "appointment": {}}, "attachments[1].filename"),
        # an object or a list before what is inside it
        ({"attachments": [{}] * 11}, "attachments"),
        ({"body": {"format": "pdf"}}, "body.content"),
    ],
)
def test_of_several_problems_the_first_to_fix_is_reported(client, sender, patient, change, field):
    _, token = sender
    body = payload(patient, **change)
    answers = [post(client, token, body, key=key).json["error"] for key in ("a", "b")]
    assert answers[0]["field"] == field and answers[0] == answers[1]


def test_missing_properties_come_before_wrong_ones(client, sender, patient):
    _, token = sender
    body = payload(patient, recipient="x")
    del body["body"]
    assert post(client, token, body).json["error"]["field"] == "body"


def test_reused_key_is_told_before_the_shape_is_checked(client, database, sender, patient):
    _, token = sender
    assert post(client, token, payload(patient)).status_code == 201
    response = post(client, token, payload(patient, subject=""))
    assert response.status_code == 422 and response.json["error"]["code"] == "idempotency_key_reused"


def test_unknown_patient(client, database, sender):
    _, token = sender
    response = post(
        client,
        token,
        {
            "recipient": {"national_id": "01020304932"},
            "category": "letter",
            "subject": "x",
            "body": {"format": "text", "content": "x"},
        },
    )
    assert response.status_code == 422 and response.json["error"]["code"] == "unknown_recipient_or_thread"
    assert count(database) == 0


@pytest.mark.parametrize(
    "data", ["{not json", "[1, 2]", b"\xff\xfe", '{"subject": NaN}', "[" * 100_000, '{"subject": "\\ud800"}']
)
def test_invalid_json(client, database, sender, data):
    _, token = sender
    response = post(client, token, data)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_json"


def test_deep_nesting_is_refused_at_any_depth(client, sender):
    # How deep json.loads and json.dumps go depends on the stack the request already uses.
    _, token = sender
    for depth in range(800, 1010, 6):
        for body in ("[" * depth + "]" * depth, '{"extra": %s}' % ("[" * depth + "]" * depth)):
            response = post(client, token, body, key=f"deep-{depth}-{len(body)}")
            assert response.status_code < 500 and response.json["error"]["code"] in (
                "invalid_json",
                "invalid_national_id",
            )


def test_missing_idempotency_key(client, sender, patient):
    _, token = sender
    response = client.post(
        "/api/v1/items", json=payload(patient), headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400 and response.json["error"]["code"] == "idempotency_key_required"


def test_not_json_content_type(client, sender, patient):
    _, token = sender
    response = post(client, token, json.dumps(payload(patient)), content_type="text/plain")
    assert response.status_code == 415


def test_request_too_large(client, database, sender, patient):
    _, token = sender
    huge = payload(
        patient,
        attachments=[
            {
                "filename": "a.pdf",
                "content_type": "application/pdf",
                "content_base64": b64(PDF + b"0" * 10_000_000),
            }
        ],
    )
    response = post(client, token, huge)
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert count(database) == 0


def test_research_project_sends_research_messages(client, database, patient):
    _, token = factories.organisation(database, kind=OrganisationKind.RESEARCH, name="Helseundersøkelsen")
    assert post(client, token, payload(patient, category="research")).status_code == 201
    assert post(client, token, payload(patient, category="letter"), key="k2").status_code == 422
