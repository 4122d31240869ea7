"""Providers' delivery receipts: POST /receipts/sms and /receipts/digital-mailbox.

Not part of the sender API (its document is app/api/openapi.json): these are the
SMS gateway's and the digital mailbox's callbacks, each signed with a secret shared
with that provider (app/dispatch/channels/sms.py has the one way to check it). An
unsigned, wrongly signed, stale or malformed callback is refused with 401 or 400; one
for a dispatch we do not know is 404, so the provider tries again later or gives up;
a late or repeated one is 200 and changes nothing.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request

from app import clock, db_requests
from app.dispatch import receipts
from app.dispatch.channels import Kind
from app.dispatch.channels.sms import BadReceipt, parse_receipt

bp = Blueprint("receipts", __name__, url_prefix="/receipts")
log = logging.getLogger("innboks.dispatch")

_SECRETS = {Kind.SMS: "SMS_RECEIPT_SECRET", Kind.DIGITAL_MAILBOX: "DIGITAL_MAILBOX_RECEIPT_SECRET"}


def _answer(status: int, code: str, message: str):
    response = jsonify({"status": code, "message": message})
    response.status_code = status
    return response


def _receive(channel: Kind):
    secret = current_app.config[_SECRETS[channel]]
    if not secret:
        return _answer(404, "not_configured", f"this portal takes no {channel.value} receipts")
    body = request.get_data(cache=False)
    try:
        receipt = parse_receipt(body, request.headers.get("X-Signature"), secret.encode(), clock.now())
    except BadReceipt as refused:
        log.warning("%s receipt refused: %s", channel.value, refused)
        return _answer(401 if refused.unsigned else 400, "refused", str(refused))
    database = db_requests.session()
    applied = receipts.apply(
        database, channel, receipt.provider_reference, receipt.delivered, receipt.detail, clock.now()
    )
    database.commit()
    if applied is receipts.Applied.UNKNOWN:
        return _answer(404, "unknown", "no dispatch has this reference")
    return _answer(200, applied.value, "thank you")


@bp.post("/sms")
def sms():
    return _receive(Kind.SMS)


@bp.post("/digital-mailbox")
def digital_mailbox():
    return _receive(Kind.DIGITAL_MAILBOX)
