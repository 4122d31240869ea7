"""SMS through an HTTP gateway (notifications only), and the gateway's signed receipts.

The gateway's shape:

    POST {base_url}/v1/messages
    Authorization: Bearer {api_key}
    Idempotency-Key: {the dispatch's key}      (the gateway drops a repeat)
    {"to": "+4791234567", "from": "Helsenorge", "text": "…", "reference": "{the key}"}
    201 or 202 {"id": "gateway's message id"}; errors as app/dispatch/channels/http.py maps them

A delivery receipt, POSTed by the gateway to /receipts/sms (app/api/receipts.py):

    X-Signature: t={unix time},v1={hex HMAC-SHA256 of "{t}.{body}" with the shared secret}
    {"id": "gateway's message id", "status": "delivered" | "failed" | "expired", "detail": "…"}

A receipt without a valid signature, signed more than five minutes from now, or of
another shape is refused (:class:`BadReceipt`); the digital mailbox signs the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from app.dispatch.channels import Kind, Message, Outcome
from app.dispatch.channels.http import Provider

#: A Norwegian mobile number (8 digits from 4 or 9) or any E.164 number, as the register gives it.
_NUMBER = re.compile(r"\+(47[49]\d{7}|(?!47)[1-9]\d{6,14})")
MAX_RECEIPT_AGE = dt.timedelta(minutes=5)


class SmsGateway:
    kind = Kind.SMS
    has_receipts = True

    def __init__(self, base_url: str, api_key: str, *, sender_id: str = "Helsenorge", timeout: float = 10.0):
        self.provider = Provider(base_url, api_key, timeout=timeout)
        self.sender_id = sender_id

    def send(self, message: Message) -> Outcome:
        number = (message.address or "").replace(" ", "")
        if not _NUMBER.fullmatch(number):
            return Outcome.permanent(f"not a mobile number: {number[:20]!r}")
        body = {
            "to": number,
            "from": self.sender_id,
            "text": message.text,
            "reference": message.idempotency_key,
        }
        return self.provider.post("/v1/messages", body, message.idempotency_key)


class BadReceipt(ValueError):
    def __init__(self, reason: str, *, unsigned: bool = False) -> None:
        super().__init__(reason)
        self.unsigned = unsigned  # not signed by the provider (401), rather than malformed (400)


@dataclass(frozen=True)
class Receipt:
    provider_reference: str
    delivered: bool
    detail: str


def signature(secret: bytes, timestamp: int, body: bytes) -> str:
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def parse_receipt(body: bytes, header: str | None, secret: bytes, now: dt.datetime) -> Receipt:
    """A receipt from its body and its X-Signature header, or BadReceipt saying why not."""
    parts = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        raise BadReceipt("no valid signature header (X-Signature: t=…,v1=…)", unsigned=True) from None
    if not hmac.compare_digest(given.encode(), signature(secret, timestamp, body).encode()):
        raise BadReceipt("the signature does not match", unsigned=True)
    try:
        signed_at = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise BadReceipt("the signature's timestamp is not a time", unsigned=True) from None
    if abs(now - signed_at) > MAX_RECEIPT_AGE:
        raise BadReceipt(
            "the signature's timestamp is more than five minutes from now (a replay?)", unsigned=True
        )
    try:
        data = json.loads(body)
        reference, status = data["id"], data["status"]
        detail = data.get("detail", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BadReceipt("the body is not a receipt: {id, status}") from None
    if not isinstance(reference, str | int) or status not in ("delivered", "failed", "expired"):
        raise BadReceipt("the receipt's id or status is not one we know")
    return Receipt(str(reference)[:200], status == "delivered", str(detail)[:500])
