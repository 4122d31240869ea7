"""Whatever a sender posts to /api/v1/items, the answer is one the document
describes: never a server error, and an item only for a body of the NewItem shape."""

import base64
import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api import openapi
from app.appointments.rules import APPOINTMENT_WINDOW
from app.inbox import rules
from app.organisations.models import OrganisationKind
from tests.api.helpers import assert_documented, post

NEW_ITEM = openapi.NEW_ITEM["properties"]
ATTACHMENT = NEW_ITEM["attachments"]["items"]["properties"]
APPOINTMENT = NEW_ITEM["appointment"]["properties"]

# The fixtures (a hospital, a patient, the app) are the same for every example: each example sends with
# a key of its own, so what earlier examples stored does not matter.
bounded = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def text(schema: dict, max_size: int = 60) -> st.SearchStrategy[str]:
    """Text the document allows for a property: its pattern, up to its maxLength (and ``max_size``)."""
    most = min(schema["maxLength"], max_size)
    return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda value: len(value) <= most)


def attachments() -> st.SearchStrategy[dict]:
    def build(filename: str, content_type: str, data: bytes) -> dict:
        return {
            "filename": filename,
            "content_type": content_type,
            "content_base64": base64.b64encode(rules.ATTACHMENT_TYPES[content_type][0] + data).decode(),
        }

    return st.builds(
        build,
        text(ATTACHMENT["filename"]),
        st.sampled_from(ATTACHMENT["content_type"]["enum"]),
        st.binary(min_size=1, max_size=64),
    )


offsets = st.builds(
    dt.timezone,
    st.timedeltas(
        min_value=-dt.timedelta(hours=23, minutes=59), max_value=dt.timedelta(hours=23, minutes=59)
    ),
)
# Inside the window deliveries allow (app.appointments.rules.APPOINTMENT_WINDOW), a day clear of its ends.
_NOW, _WINDOW = dt.datetime.now(), APPOINTMENT_WINDOW - dt.timedelta(days=1)
appointments = st.fixed_dictionaries(
    {
        "starts_at": st.datetimes(min_value=_NOW - _WINDOW, max_value=_NOW + _WINDOW, timezones=offsets).map(
            dt.datetime.isoformat
        ),
        "department": text(APPOINTMENT["department"]),
        "place": text(APPOINTMENT["place"]),
    }
)


@st.composite
def new_items(draw, national_id: str, sender_id: int) -> dict:
    """Bodies of the NewItem shape that a hospital may deliver to the patient."""
    category = draw(st.sampled_from(sorted(rules.CATEGORIES_BY_SENDER[OrganisationKind.HOSPITAL])))
    body = {
        "recipient": {"national_id": national_id},
        "category": category.value,
        "subject": draw(text(NEW_ITEM["subject"])),
        "body": {
            "format": draw(st.sampled_from(NEW_ITEM["body"]["properties"]["format"]["enum"])),
            "content": draw(text(NEW_ITEM["body"]["properties"]["content"], max_size=400)),
        },
    }
    optional = {
        "sender": st.just(sender_id),
        "in_reply_to": st.none(),
        "attachments": st.none() | st.lists(attachments(), max_size=NEW_ITEM["attachments"]["maxItems"]),
        "appointment": st.none() | appointments if category.value == "letter" else st.none(),
    }
    for name, values in optional.items():
        if draw(st.booleans()):
            body[name] = draw(values)
    return body


@st.composite
def mutated(draw, national_id: str, sender_id: int) -> dict:
    """A NewItem body with one to three things changed anywhere in it: left out, replaced by any JSON
    value, or made long."""
    body = draw(new_items(national_id, sender_id))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(body))
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        change = draw(st.sampled_from(["leave out", "replace", "lengthen"]))
        if change == "leave out":
            del container[key]
        elif change == "replace":
            container[key] = draw(json_values)
        elif isinstance(container[key], str | list):
            container[key] = container[key] * draw(st.sampled_from([2, 10, 300, 1000]))
    return body


def _places(value):
    """(container, key) for everything inside ``value``, depth first."""
    keys = range(len(value)) if isinstance(value, list) else value.keys() if isinstance(value, dict) else ()
    for key in list(keys):
        yield value, key
        yield from _places(value[key])


def _answer_is_documented(response) -> None:
    assert response.status_code < 500, response.json
    assert_documented(response, "/items", "post")


@bounded
@given(body=json_values)
def test_any_json_value_gets_a_documented_answer(client, sender, body):
    _, token = sender
    _answer_is_documented(post(client, token, body, key=uuid.uuid4().hex))


@bounded
@given(data=st.data())
def test_any_change_to_a_new_item_gets_a_documented_answer(client, sender, patient, data):
    org, token = sender
    body = data.draw(
        mutated(patient.national_id, org.id)
        | st.fixed_dictionaries({}, optional={name: json_values for name in NEW_ITEM})
    )
    _answer_is_documented(post(client, token, body, key=uuid.uuid4().hex))


@bounded
@given(data=st.data())
def test_every_new_item_is_delivered(client, sender, patient, data):
    org, token = sender
    body = data.draw(new_items(patient.national_id, org.id))
    response = post(client, token, body, key=uuid.uuid4().hex)
    assert response.status_code == 201, (response.json, body)
    assert_documented(response, "/items", "post")
    assert len(response.json["attachments"]) == len(body.get("attachments") or [])
