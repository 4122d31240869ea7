"""The sender systems' API: /api/v1/ (described in app/api/openapi.json)."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from app import db
from app.inbox.delivery import DeliveryError, Limits, deliver
from app.inbox.models import Item
from app.organisations.tokens import organisation_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")
OPENAPI_PATH = Path(__file__).with_name("openapi.json")


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
    return error(exc.code or 500, codes.get(exc.code, "error"), exc.description or exc.name)


def item_json(item: Item) -> dict:
    return {
        "id": item.id,
        "thread_id": item.thread_id,
        "category": item.category.value,
        "status": item.status.value,
        "sent_at": item.sent_at.isoformat(),
        "attachments": [{"id": a.id, "filename": a.filename, "content_type": a.content_type,
                         "size": a.size} for a in item.attachments],
    }


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI_PATH.read_bytes(), mimetype="application/json")


@bp.post("/items")
def create_item():
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else ""
    database = db.session()
    sender = organisation_for_token(database, token) if token else None
    if sender is None:
        return error(401, "unauthorized", "send your organisation's API token as 'Authorization: Bearer <token>'")
    if not request.is_json:
        return error(415, "unsupported_media_type", "send the item as application/json")
    try:
        payload = json.loads(request.get_data(cache=False))
    except (ValueError, UnicodeDecodeError) as exc:
        return error(400, "invalid_json", f"the request body is not valid JSON: {exc}")
    limits = Limits(current_app.config["MAX_BODY_CHARACTERS"], current_app.config["MAX_ATTACHMENT_BYTES"])
    try:
        delivery = deliver(database, sender, request.headers.get("Idempotency-Key"), payload, limits)
    except DeliveryError as exc:
        database.rollback()
        return error(exc.status, exc.code, exc.message, exc.field)
    response = jsonify(item_json(delivery.item))
    response.status_code = 201 if delivery.created else 200
    if not delivery.created:
        response.headers["Idempotent-Replayed"] = "true"
    return response
