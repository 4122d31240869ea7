"""The OpenAPI document and the app agree."""

import json
import re

import pytest
from jsonschema import Draft202012Validator

from app.api import openapi
from app.patients.models import Patient
from tests import factories
from tests.api.helpers import assert_documented

DOCUMENT = openapi.DOCUMENT


def test_served_document_is_the_one_in_the_repo(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json == json.loads(openapi.PATH.read_text(encoding="utf-8")) == DOCUMENT


@pytest.mark.parametrize("name", sorted(DOCUMENT["components"]["schemas"]))
def test_every_schema_is_valid_json_schema(name):
    Draft202012Validator.check_schema(DOCUMENT["components"]["schemas"][name])


def test_every_api_route_is_documented_and_every_documented_route_exists(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        # api.unknown_get is no operation: it answers JSON 404/405 for every path and method that is not one.
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.unknown_get":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, ops in DOCUMENT["paths"].items() for method in ops}
    assert routes == documented


def test_documented_example_is_delivered_and_the_answer_matches_the_schema(client, database):
    example = DOCUMENT["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["example"]
    openapi.validator("NewItem").validate(example)
    database.add(Patient(name="Kari Nordmann", national_id=example["recipient"]["national_id"]))
    database.commit()
    _, token = factories.organisation(database)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "example"}
    first = client.post("/api/v1/items", json=example, headers=headers)
    assert first.status_code == 201
    assert_documented(first, "/items", "post")
    again = client.post("/api/v1/items", json=example, headers=headers)
    assert again.status_code == 200
    assert_documented(again, "/items", "post")


@pytest.mark.parametrize(
    "body,headers,status",
    [
        ({"recipient": {"national_id": "123"}}, {"Idempotency-Key": "a"}, 422),
        ({}, {}, 400),
        ({}, {"Authorization": "Bearer wrong"}, 401),
    ],
)
def test_errors_match_the_documented_schema(client, database, body, headers, status):
    _, token = factories.organisation(database)
    headers = {"Authorization": f"Bearer {token}", **headers}
    response = client.post("/api/v1/items", json=body, headers=headers)
    assert response.status_code == status
    assert_documented(response, "/items", "post")


@pytest.mark.parametrize(
    "query", ["after=x", "limit=0", "limit=501", "after=-1", "after=9223372036854775808", "limit=1.5"]
)
def test_patient_messages_paging_is_checked_against_the_document(client, database, query):
    _, token = factories.organisation(database)
    response = client.get(f"/api/v1/patient-messages?{query}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"
    name = query.split("=")[0]
    assert f"'{name}'" in response.json["error"]["message"]
    assert_documented(response, "/patient-messages", "get")


def test_patient_messages_are_the_organisations_oldest_first_after_an_id(client, database):
    hospital, token = factories.organisation(database)
    other, other_token = factories.organisation(database, name="Haukeland")
    kari = factories.patient(database)
    letter = factories.item(database, kari, hospital)
    written = [
        factories.item(database, kari, hospital, thread=letter.thread, from_patient=True) for _ in range(3)
    ]
    to_other = factories.item(database, kari, other, from_patient=True)

    def messages(token, query=""):
        response = client.get(
            f"/api/v1/patient-messages?{query}", headers={"Authorization": f"Bearer {token}"}
        )
        assert_documented(response, "/patient-messages", "get")
        return [message["id"] for message in response.json["messages"]]

    assert messages(token) == [item.id for item in written]
    assert messages(token, f"after={written[0].id}&limit=1") == [written[1].id]
    assert messages(other_token) == [to_other.id]
