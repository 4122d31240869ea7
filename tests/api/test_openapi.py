"""The OpenAPI document and the app agree."""
import json
import re

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from app.api.views import OPENAPI_PATH
from app.patients.models import Patient
from tests import factories

DOCUMENT = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(DOCUMENT))


def schema(ref_or_schema: dict) -> dict:
    return {"$ref": "urn:openapi#" + ref_or_schema["$ref"][1:]} if "$ref" in ref_or_schema else ref_or_schema


def validate(instance, ref_or_schema):
    jsonschema.Draft202012Validator(schema(ref_or_schema), registry=REGISTRY).validate(instance)


def response_schema(path, method, status):
    response = DOCUMENT["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = DOCUMENT["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response["content"]["application/json"]["schema"]


def test_served_document_is_the_one_in_the_repo(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json == DOCUMENT


def test_every_api_route_is_documented_and_every_documented_route_exists(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, ops in DOCUMENT["paths"].items() for method in ops}
    assert routes == documented


def test_documented_example_is_delivered_and_the_answer_matches_the_schema(client, database):
    operation = DOCUMENT["paths"]["/items"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    validate(example, operation["requestBody"]["content"]["application/json"]["schema"])
    database.add(Patient(name="Kari Nordmann", national_id=example["recipient"]["national_id"]))
    database.commit()
    _, token = factories.organisation(database)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "example"}
    first = client.post("/api/v1/items", json=example, headers=headers)
    assert first.status_code == 201
    validate(first.json, response_schema("/items", "post", 201))
    again = client.post("/api/v1/items", json=example, headers=headers)
    assert again.status_code == 200
    validate(again.json, response_schema("/items", "post", 200))


@pytest.mark.parametrize("body,headers,status", [
    ({"recipient": {"national_id": "123"}}, {"Idempotency-Key": "a"}, 422),
    ({}, {}, 400),
    ({}, {"Authorization": "Bearer wrong"}, 401),
])
def test_errors_match_the_documented_schema(client, database, body, headers, status):
    _, token = factories.organisation(database)
    headers = {"Authorization": f"Bearer {token}", **headers}
    response = client.post("/api/v1/items", json=body, headers=headers)
    assert response.status_code == status
    assert str(status) in DOCUMENT["paths"]["/items"]["post"]["responses"]
    validate(response.json, response_schema("/items", "post", status))
