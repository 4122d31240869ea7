"""The API's one source of truth: the OpenAPI document next to this module.

What a delivery looks like and its limits are written once, in the document's
``NewItem`` schema (and ``x-`` fields where JSON Schema has no word, such as
an attachment's decoded size). This module checks request bodies against it
with jsonschema and turns the problem to fix first into the API's error.
What a schema cannot say is in :mod:`app.inbox.delivery`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from app.inbox.delivery import Contract, DeliveryError

PATH = Path(__file__).with_name("openapi.json")
DOCUMENT: dict[str, Any] = json.loads(PATH.read_text(encoding="utf-8"))

# The document's "#/components/..." references resolve within the document registered under this URI.
_URI = "urn:innboks:api:openapi"
_REGISTRY: Registry = Registry().with_resource(_URI, DRAFT202012.create_resource(DOCUMENT))

NEW_ITEM: dict[str, Any] = DOCUMENT["components"]["schemas"]["NewItem"]
_DELIVER = DOCUMENT["paths"]["/items"]["post"]


def validator(name: str) -> Draft202012Validator:
    """A validator for the schema ``components/schemas/<name>`` of the document."""
    return Draft202012Validator({"$ref": f"{_URI}#/components/schemas/{name}"}, registry=_REGISTRY)


def parameter(path: str, method: str, name: str) -> dict[str, Any]:
    """The documented parameter ``name`` of an operation."""
    return next(p for p in DOCUMENT["paths"][path][method]["parameters"] if p["name"] == name)


_NEW_ITEM_VALIDATOR = validator("NewItem")

MAX_REQUEST_BYTES: int = _DELIVER["requestBody"]["x-maxRequestBytes"]
MAX_ATTACHMENT_BYTES: int = NEW_ITEM["properties"]["attachments"]["items"]["properties"]["content_base64"][
    "x-maxDecodedBytes"
]


def check_new_item(payload: object) -> None:
    """Raise the API's error for the first thing to fix in the shape of a delivery, if anything.

    jsonschema reports an object's type first, then its missing properties,
    then its properties in the document's order, each one through before the
    next, and an array's length before its entries: the order a person fixes
    a body in. Taking the first error also spares validating the rest of a
    body that may be megabytes, or a list of thousands of attachments.
    """
    error = next(_NEW_ITEM_VALIDATOR.iter_errors(payload), None)
    if error is not None:
        raise _delivery_error(error)


DELIVERY = Contract(
    check_shape=check_new_item,
    max_idempotency_key=parameter("/items", "post", "Idempotency-Key")["schema"]["maxLength"],
    max_attachment_bytes=MAX_ATTACHMENT_BYTES,
)


class BadParameter(ValueError):
    pass


def query_integers(path: str, method: str, args: Mapping[str, str]) -> dict[str, int]:
    """An operation's integer query parameters from ``args``, checked against the document, with its
    defaults for the ones left out. Raises :class:`BadParameter` saying what is wrong."""
    values = {}
    for documented in DOCUMENT["paths"][path][method]["parameters"]:
        if documented["in"] != "query":
            continue
        name, schema = documented["name"], documented["schema"]
        raw = args.get(name)
        if raw is None:
            values[name] = schema["default"]
            continue
        try:
            values[name] = int(raw)
        except ValueError:
            raise BadParameter(f"'{name}' must be a whole number") from None
        error = next(Draft202012Validator(schema).iter_errors(values[name]), None)
        if error is not None:
            raise BadParameter(_message(error, name))
    return values


def _delivery_error(error: ValidationError) -> DeliveryError:
    path = list(error.path)
    if error.validator == "required":
        path.append(_first_missing(error.validator_value, error.instance))
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")
    message = _message(error, field)
    # The codes senders knew before the document was the source: a refused
    # recipient is always about the national identity number, and an
    # attachment's content type has its own status.
    if path[:1] == ["recipient"]:
        return DeliveryError(422, "invalid_national_id", message, "recipient.national_id")
    if path[:1] == ["category"]:
        return DeliveryError(422, "unknown_category", message, field)
    if path[:1] == ["attachments"] and path[2:] == ["content_type"]:
        return DeliveryError(415, "attachment_type_not_allowed", message, field)
    if error.validator == "maxLength":
        return DeliveryError(413, "too_large", message, field)
    return DeliveryError(422, "invalid_field", message, field)


def _first_missing(required: Any, instance: Any) -> str:
    """The property a "required" error is about: jsonschema reports the missing ones in the list's order,
    one error each."""
    return next(name for name in required if name not in instance)


_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}

# By the failing keyword, with the field and the keyword's value.
_BOUNDS = {
    "minLength": "'{field}' must be at least {expected} characters",
    "maxLength": "'{field}' is longer than {expected} characters",
    "maxItems": "'{field}' may have at most {expected} entries",
    "minimum": "'{field}' must be at least {expected}",
    "maximum": "'{field}' must be at most {expected}",
}


def _message(error: ValidationError, field: str) -> str:
    """A sentence a sender's developer can act on: the field and what is expected. Never the value itself
    unless it is short: it may be megabytes."""
    keyword = error.validator
    # Typed as possibly unset (for errors made by hand); errors from validating always have them.
    expected: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if keyword == "required":
        return f"'{field}' is required: {_expected(schema['properties'][_first_missing(expected, instance)])}"
    if keyword == "type":
        return f"'{field}' must be {_expected(schema)}; got {_kind(instance)}"
    if keyword == "enum":
        return f"'{field}' must be {_expected(schema)}; got {_shown(instance)}"
    if keyword == "minLength" and expected == 1:
        return f"'{field}' must not be empty"
    if keyword in _BOUNDS:
        return _BOUNDS[str(keyword)].format(field=field, expected=expected)
    if keyword == "pattern" and "description" in schema:
        return f"'{field}' does not have the expected form. {schema['description']}"
    return f"'{field}' is not valid: see /api/v1/openapi.json"


def _expected(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    types = schema.get("type", [])
    words = " or ".join(_TYPE_WORDS[name] for name in ([types] if isinstance(types, str) else types))
    if "required" in schema:
        words += " with " + ", ".join(f"'{name}'" for name in schema["required"])
    return words or "a value"


def _kind(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value: object) -> str:
    if isinstance(value, list | dict) or (isinstance(value, str) and len(value) > 40):
        return _kind(value)
    return json.dumps(value, ensure_ascii=False)
