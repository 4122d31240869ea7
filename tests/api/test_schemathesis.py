"""Issue 10: schemathesis generates requests from the OpenAPI document, valid and not, for every
operation; no answer is a server error, and every answer is one the document describes (status,
content type, headers, body). Bounded and derandomized, so a run is the same every time; on
SQLite and PostgreSQL (the `app` fixture's databases)."""

import uuid

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from app.api import openapi

schema = schemathesis.openapi.from_dict(openapi.DOCUMENT)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_answers_as_its_document_says(case, app, sender):
    _, token = sender
    headers = {"Authorization": f"Bearer {token}"}
    if case.headers and "Idempotency-Key" in case.headers:
        # A key of its own per example: what an earlier example stored is no retry of this one.
        case.headers["Idempotency-Key"] = f"{case.headers['Idempotency-Key']}-{uuid.uuid4().hex}"[:200]
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
