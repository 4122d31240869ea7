"""What the API tests share: a delivery that is accepted, posting it, counting
rows, and checking answers against the OpenAPI document."""

from __future__ import annotations

import base64
import json

from sqlalchemy import func, select

from app.api import openapi
from app.inbox.models import Item

PDF = b"%PDF-1.4\n%demo\n"
APPOINTMENT = {
    "starts_at": "2027-01-12T09:30:00+01:00",
    "department": "Ortopedisk poliklinikk",
    "place": "Ullevål sykehus, bygg 37",
}


def payload(patient, **changes) -> dict:
    """A letter to ``patient`` that a hospital may deliver, with ``changes``."""
    body = {
        "recipient": {"national_id": patient.national_id},
        "category": "letter",
        "subject": "Innkalling til time",
        "body": {"format": "text", "content": "Du har fått time."},
    }
    body.update(changes)
    return body


def attachment(data: bytes = PDF, **changes) -> dict:
    """A PDF attachment of ``data``, with ``changes``."""
    return {
        "filename": "a.pdf",
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(data).decode(),
        **changes,
    }


def post(client, token, body, key="key-1", **headers):
    """POST /items; ``body`` is JSON-encoded unless it is already text or bytes."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    content_type = headers.pop("content_type", "application/json")
    return client.post(
        "/api/v1/items",
        data=data,
        content_type=content_type,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key, **headers},
    )


def count(database, model=Item) -> int:
    database.expire_all()
    return database.scalar(select(func.count()).select_from(model))


def assert_documented(response, path: str, method: str) -> None:
    """The answer's status is documented for the operation, and its body has the documented shape."""
    responses = openapi.DOCUMENT["paths"][path][method]["responses"]
    assert str(response.status_code) in responses, (response.status_code, response.json)
    documented = responses[str(response.status_code)]
    if "$ref" in documented:
        documented = openapi.DOCUMENT["components"]["responses"][documented["$ref"].rsplit("/", 1)[-1]]
    ref = documented["content"]["application/json"]["schema"]["$ref"]
    openapi.validator(ref.rsplit("/", 1)[-1]).validate(response.json)
