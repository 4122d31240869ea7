"""Each limit of a delivery is written once, in the OpenAPI document; what else
states it (the database's columns, the app's configuration, the code's enums)
must say the same, and the API must refuse exactly one past it."""

import math

import pytest

from app.api import openapi
from app.appointments.models import Appointment
from app.inbox import rules
from app.inbox.models import Attachment, BodyFormat, Category, Item, Status, Thread
from tests.api.helpers import APPOINTMENT, PDF, attachment, payload, post

NEW_ITEM = openapi.NEW_ITEM["properties"]
ATTACHMENT = NEW_ITEM["attachments"]["items"]["properties"]
IN_APPOINTMENT = NEW_ITEM["appointment"]["properties"]
MAX_SUBJECT = NEW_ITEM["subject"]["maxLength"]
MAX_CONTENT = NEW_ITEM["body"]["properties"]["content"]["maxLength"]
MAX_ATTACHMENTS = NEW_ITEM["attachments"]["maxItems"]
MAX_FILENAME = ATTACHMENT["filename"]["maxLength"]
MAX_DEPARTMENT = IN_APPOINTMENT["department"]["maxLength"]
MAX_PLACE = IN_APPOINTMENT["place"]["maxLength"]
MAX_DECODED = ATTACHMENT["content_base64"]["x-maxDecodedBytes"]


def test_the_limits_are_the_ones_agreed():
    # Changing one is a change of the API: senders' systems are built to these.
    assert (MAX_SUBJECT, MAX_CONTENT, MAX_ATTACHMENTS, MAX_FILENAME) == (300, 100_000, 10, 255)
    assert (MAX_DEPARTMENT, MAX_PLACE) == (200, 200)
    assert MAX_DECODED == 8 * 1024 * 1024


@pytest.mark.parametrize(
    "column,documented",
    [
        (Item.subject, NEW_ITEM["subject"]),
        (Thread.subject, NEW_ITEM["subject"]),
        (Attachment.filename, ATTACHMENT["filename"]),
        (Appointment.department, IN_APPOINTMENT["department"]),
        (Appointment.place, IN_APPOINTMENT["place"]),
        (Item.idempotency_key, openapi.parameter("/items", "post", "Idempotency-Key")["schema"]),
    ],
)
def test_database_columns_hold_what_the_document_allows(column, documented):
    assert column.type.length == documented["maxLength"]


def test_the_code_reads_its_limits_from_the_document():
    assert openapi.DELIVERY.max_attachment_bytes == ATTACHMENT["content_base64"]["x-maxDecodedBytes"]
    assert (
        openapi.DELIVERY.max_idempotency_key
        == openapi.parameter("/items", "post", "Idempotency-Key")["schema"]["maxLength"]
    )


def test_configuration_agrees_with_the_document(app):
    assert app.config["MAX_CONTENT_LENGTH"] == openapi.MAX_REQUEST_BYTES
    # Written once: the document is the only place for the body and attachment limits.
    assert "MAX_BODY_CHARACTERS" not in app.config and "MAX_ATTACHMENT_BYTES" not in app.config


def test_the_largest_attachment_fits_in_the_largest_request():
    base64_length = 4 * math.ceil(MAX_DECODED / 3)
    assert base64_length + 2_000 < openapi.MAX_REQUEST_BYTES


def test_enums_are_the_codes():
    item = openapi.DOCUMENT["components"]["schemas"]["Item"]["properties"]
    assert NEW_ITEM["category"]["enum"] == item["category"]["enum"] == [c.value for c in Category]
    assert NEW_ITEM["body"]["properties"]["format"]["enum"] == [f.value for f in BodyFormat]
    assert sorted(ATTACHMENT["content_type"]["enum"]) == sorted(rules.ATTACHMENT_TYPES)
    assert item["status"]["enum"] == [s.value for s in Status]


def test_required_properties_are_listed_in_the_documents_order():
    # The first missing one is reported first; the order a sender reads them in.
    def check(schema):
        if "required" in schema:
            order = list(schema["properties"])
            assert schema["required"] == sorted(schema["required"], key=order.index)
        for child in schema.get("properties", {}).values():
            check(child.get("items", child))

    check(openapi.NEW_ITEM)


@pytest.mark.parametrize(
    "field,at_limit,past_limit",
    [
        ("subject", {"subject": "x" * MAX_SUBJECT}, {"subject": "x" * (MAX_SUBJECT + 1)}),
        (
            "body.content",
            {"body": {"format": "text", "content": "x" * MAX_CONTENT}},
            {"body": {"format": "text", "content": "x" * (MAX_CONTENT + 1)}},
        ),
        (
            "attachments[0].filename",
            {"attachments": [attachment(filename="x" * (MAX_FILENAME - 4) + ".pdf")]},
            {"attachments": [attachment(filename="x" * (MAX_FILENAME - 3) + ".pdf")]},
        ),
        (
            "appointment.department",
            {"appointment": {**APPOINTMENT, "department": "x" * MAX_DEPARTMENT}},
            {"appointment": {**APPOINTMENT, "department": "x" * (MAX_DEPARTMENT + 1)}},
        ),
        (
            "appointment.place",
            {"appointment": {**APPOINTMENT, "place": "y" * MAX_PLACE}},
            {"appointment": {**APPOINTMENT, "place": "y" * (MAX_PLACE + 1)}},
        ),
        (
            "attachments[0]",
            {"attachments": [attachment(PDF.ljust(MAX_DECODED, b"0"))]},
            {"attachments": [attachment(PDF.ljust(MAX_DECODED + 1, b"0"))]},
        ),
    ],
)
def test_up_to_a_limit_is_delivered_and_past_it_is_too_large(
    client, sender, patient, field, at_limit, past_limit
):
    _, token = sender
    assert post(client, token, payload(patient, **at_limit), key="at").status_code == 201
    response = post(client, token, payload(patient, **past_limit), key="past")
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert response.json["error"]["field"] == field


def test_up_to_the_most_attachments_is_delivered(client, sender, patient):
    _, token = sender
    most = payload(patient, attachments=[attachment()] * MAX_ATTACHMENTS)
    assert post(client, token, most).status_code == 201
    response = post(client, token, {**most, "attachments": [attachment()] * (MAX_ATTACHMENTS + 1)}, key="k")
    assert response.status_code == 422 and response.json["error"]["field"] == "attachments"
