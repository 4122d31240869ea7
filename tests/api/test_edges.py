"""Issue 10 at the API's edges: every path and method answers JSON, and two refusals that
would tell a sender something about people are one."""

import pytest

from app.inbox.sanitize import MAX_NESTING
from tests import factories
from tests.api.helpers import assert_documented, count, payload, post


@pytest.mark.parametrize(
    "method,path,status,allow",
    [
        ("GET", "/api/v1/items", 405, "POST"),
        ("PUT", "/api/v1/items", 405, "POST"),
        ("DELETE", "/api/v1/patient-messages", 405, "GET, HEAD"),
        ("POST", "/api/v1/openapi.json", 405, "GET, HEAD"),
        ("GET", "/api/v1/nothing", 404, None),
        ("POST", "/api/v1/nothing/here", 404, None),
        ("GET", "/api/v1/", 404, None),
    ],
)
def test_no_such_operation_is_json(client, method, path, status, allow):
    response = client.open(path, method=method)
    assert response.status_code == status and response.is_json
    assert response.json["error"]["code"] == ("method_not_allowed" if status == 405 else "not_found")
    assert response.headers.get("Allow") == allow


def test_the_help_site_keeps_its_own_answers(client):
    assert client.post("/nb/om-innboks/").status_code == 405
    assert not client.get("/nb/no-such-page/").is_json


def test_unknown_recipient_and_foreign_thread_get_one_answer(client, database, sender, patient):
    """Else a sender could try its own thread with any national identity number, and learn from
    the answer whether that person uses the portal."""
    _, token = sender
    own = post(client, token, payload(patient), key="own").json["id"]
    stranger = factories.national_id()
    other_patient = factories.patient(database, "Ola Nordmann")
    answers = [
        post(client, token, payload(patient, recipient={"national_id": stranger}), key="a"),
        post(client, token, payload(patient, recipient={"national_id": stranger}, in_reply_to=own), key="b"),
        post(client, token, payload(other_patient, in_reply_to=own), key="c"),
        post(client, token, payload(patient, in_reply_to=own + 1000), key="d"),
    ]
    assert {(r.status_code, r.get_data(as_text=True)) for r in answers} == {
        (422, answers[0].get_data(as_text=True))
    }
    assert answers[0].json["error"]["code"] == "unknown_recipient_or_thread"
    assert_documented(answers[0], "/items", "post")
    assert count(database) == 1


def test_html_nested_too_deep_is_refused(client, database, sender, patient):
    _, token = sender
    deep = "<div>" * (MAX_NESTING + 1) + "x"
    response = post(client, token, payload(patient, body={"format": "html", "content": deep}))
    assert response.status_code == 422 and response.json["error"]["field"] == "body.content"
    assert str(MAX_NESTING) in response.json["error"]["message"]
    at_limit = "<div>" * MAX_NESTING + "x"
    assert (
        post(
            client, token, payload(patient, body={"format": "html", "content": at_limit}), key="k"
        ).status_code
        == 201
    )


@pytest.mark.parametrize("after", [2**31 - 1, 2**31, 2**63 - 1])
def test_a_cursor_past_every_id_is_an_empty_page(client, sender, after):
    # Found by schemathesis: on PostgreSQL a cursor past the integer column's range was a 500.
    _, token = sender
    response = client.get(
        f"/api/v1/patient-messages?after={after}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200 and response.json == {"messages": []}
