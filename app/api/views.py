"""The sender systems' API: /api/v1/ (described in app/api/openapi.json)."""

from __future__ import annotations

import json
from typing import NoReturn

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from app import clock, db_requests
from app.api import openapi
from app.db import MAX_ID
from app.dispatch import outbox
from app.inbox import access, queries
from app.inbox.delivery import DeliveryError, deliver
from app.inbox.models import Item
from app.organisations.tokens import organisation_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status: int, code: str, message: str, field: str | None = None):
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    response = jsonify({"error": body})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="innboks"'
    return response


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    codes = {413: "too_large", 404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
    status = exc.code or 500
    return error(status, codes.get(status, "error"), exc.description or exc.name)


def _no_such_operation(path: str):
    """404 for a path the document does not have, 405 (with Allow) for a method it does not
    document on a path it has; JSON like every answer of the API."""
    operations = openapi.DOCUMENT["paths"].get(path.removeprefix(bp.url_prefix or ""))
    if operations is None:
        return error(404, "not_found", "no such path in the API; see /api/v1/openapi.json")
    allowed = sorted({method.upper() for method in operations} | ({"HEAD"} if "get" in operations else set()))
    response = error(
        405, "method_not_allowed", f"this path answers {', '.join(allowed)}; see /api/v1/openapi.json"
    )
    response.headers["Allow"] = ", ".join(allowed)
    return response


@bp.get("/")
@bp.get("/<path:_rest>")
def unknown_get(_rest: str = ""):
    # Without this, a GET of an API path falls through to the help site's files (an HTML 404).
    return _no_such_operation(request.path)


@bp.app_errorhandler(405)
def method_not_allowed(exc: HTTPException):
    # Routing refuses a method before any blueprint is chosen, so the API's own handler
    # never sees it; other paths keep the default answer.
    if request.path.startswith(f"{bp.url_prefix}/"):
        return _no_such_operation(request.path)
    return exc


def item_json(item: Item) -> dict:
    return {
        "id": item.id,
        "thread_id": item.thread_id,
        "category": item.category.value,
        "language": item.language,
        "status": item.status.value,
        "sent_at": item.sent_at.isoformat(),
        "attachments": [
            {"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in item.attachments
        ],
    }


@bp.get("/openapi.json")
def openapi_document():
    return current_app.response_class(openapi.PATH.read_bytes(), mimetype="application/json")


def authenticated_organisation():
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else ""
    return organisation_for_token(db_requests.session(), token) if token else None


def unauthorized():
    return error(401, "unauthorized", "send your organisation's API token as 'Authorization: Bearer <token>'")


@bp.post("/items")
def create_item():
    database = db_requests.session()
    sender = authenticated_organisation()
    if sender is None:
        return unauthorized()
    if not request.is_json:
        return error(415, "unsupported_media_type", "send the item as application/json")
    try:
        payload = json.loads(request.get_data(cache=False), parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError) as exc:
        return error(400, "invalid_json", f"the request body is not valid JSON: {exc}")
    except RecursionError:
        return error(400, "invalid_json", "the request body is nested too deeply")
    try:
        delivery = deliver(
            database,
            sender,
            request.headers.get("Idempotency-Key"),
            payload,
            openapi.DELIVERY,
            also_store=outbox.mark,
        )
    except DeliveryError as exc:
        database.rollback()
        return error(exc.status, exc.code, exc.message, exc.field)
    response = jsonify(item_json(delivery.item))
    response.status_code = 201 if delivery.created else 200
    if not delivery.created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _not_json(constant: str) -> NoReturn:
    raise ValueError(f"{constant} is not a JSON number")


@bp.get("/patient-messages")
def patient_messages():
    """What patients wrote to this organisation, oldest first, after an id: replies to
    appointment letters (with whether they were in time), dialogue messages and
    messages to municipal services. Poll with ?after=<last id seen>."""
    organisation = authenticated_organisation()
    if organisation is None:
        return unauthorized()
    try:
        paging = openapi.query_integers("/patient-messages", "get", request.args)
    except openapi.BadParameter as exc:
        return error(400, "bad_request", str(exc))
    found = queries.messages_from_patients(
        db_requests.session(),
        access.OrganisationReader(organisation.id),
        # The document allows any 64-bit cursor; no id is above MAX_ID, so "after" a larger one is
        # after MAX_ID, and a larger number must not reach an integer column's query (PostgreSQL).
        after=min(paging["after"], MAX_ID),
        limit=paging["limit"],
        now=clock.now(),
    )
    return jsonify({"messages": [patient_message_json(item) for item in found]})


def patient_message_json(item: Item) -> dict:
    reply = item.appointment_reply
    return {
        "id": item.id,
        "thread_id": item.thread_id,
        "national_id": item.patient.national_id,
        "subject": item.subject,
        "text": item.body,
        "language": item.language,
        "sent_at": item.sent_at.isoformat(),
        "appointment_id": item.thread.appointment_id or (reply.appointment_id if reply else None),
        "appointment_reply": None
        if reply is None
        else {"in_time": reply.in_time, "appointment_id": reply.appointment_id},
    }
