"""Delivery of letters and messages from sender systems into patients' inboxes.

:func:`deliver` is what the API calls. A delivery is idempotent per sender
and idempotency key: a retry with the same request returns the item made the
first time; the same key with a different request is refused.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.appointments.models import Appointment
from app.identity.fodselsnummer import InvalidNationalId, validate
from app.inbox import rules
from app.inbox.models import Attachment, BodyFormat, Category, Item, Thread, utcnow
from app.inbox.sanitize import clean_html
from app.organisations.models import Organisation, OrganisationKind
from app.patients.models import Patient

MAX_SUBJECT = 300
MAX_IDEMPOTENCY_KEY = 200
MAX_ATTACHMENTS = 10


@dataclass
class DeliveryError(Exception):
    status: int
    code: str
    message: str
    field: str | None = None


@dataclass(frozen=True)
class Limits:
    max_body_characters: int
    max_attachment_bytes: int


@dataclass(frozen=True)
class Delivery:
    item: Item
    created: bool  # False when this was a retry of an earlier delivery


def fingerprint(payload) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _invalid(field: str, message: str, code: str = "invalid_field") -> DeliveryError:
    return DeliveryError(422, code, message, field)


def _string(payload: dict, field: str, max_length: int, required: bool = True) -> str | None:
    value = payload.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _invalid(field, f"'{field}' must be a non-empty string")
    if len(value) > max_length:
        raise DeliveryError(413, "too_large", f"'{field}' is longer than {max_length} characters", field)
    return value


def _attachments(raw, limits: Limits) -> list[Attachment]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _invalid("attachments", "'attachments' must be a list")
    if len(raw) > MAX_ATTACHMENTS:
        raise _invalid("attachments", f"at most {MAX_ATTACHMENTS} attachments per item")
    result = []
    for index, entry in enumerate(raw):
        field = f"attachments[{index}]"
        if not isinstance(entry, dict):
            raise _invalid(field, f"'{field}' must be an object")
        filename = _string(entry, "filename", 255)
        if "/" in filename or "\\" in filename or filename.startswith("."):
            raise _invalid(f"{field}.filename", "a filename may not contain a path")
        content_type = entry.get("content_type")
        if content_type not in rules.ATTACHMENT_TYPES:
            raise DeliveryError(
                415, "attachment_type_not_allowed",
                f"'{field}.content_type' must be one of {', '.join(sorted(rules.ATTACHMENT_TYPES))}; "
                f"got {content_type!r}", f"{field}.content_type")
        try:
            data = base64.b64decode(entry.get("content_base64") or "", validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise _invalid(f"{field}.content_base64", "'content_base64' is not valid base64")
        if not data:
            raise _invalid(f"{field}.content_base64", "the attachment is empty")
        if len(data) > limits.max_attachment_bytes:
            raise DeliveryError(413, "too_large", f"'{field}' is larger than "
                                f"{limits.max_attachment_bytes} bytes", field)
        if not rules.attachment_matches_type(content_type, data):
            raise DeliveryError(415, "attachment_type_mismatch",
                                f"'{field}' does not contain {content_type}", f"{field}.content_type")
        result.append(Attachment(filename=filename, content_type=content_type, size=len(data), data=data))
    return result


def deliver(db: Session, sender: Organisation, idempotency_key: str | None, payload,
            limits: Limits) -> Delivery:
    if not idempotency_key or len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
        raise DeliveryError(400, "idempotency_key_required",
                            f"send an Idempotency-Key header of 1 to {MAX_IDEMPOTENCY_KEY} characters")
    if not isinstance(payload, dict):
        raise DeliveryError(400, "invalid_json", "the request body must be a JSON object")
    request_fingerprint = fingerprint(payload)
    earlier = _earlier_delivery(db, sender, idempotency_key, request_fingerprint)
    if earlier is not None:
        return earlier

    if "sender" in payload and payload["sender"] != sender.id:
        raise DeliveryError(403, "wrong_sender", "an organisation can only send as itself; "
                                                 "leave out 'sender' or give your own id")
    recipient = payload.get("recipient")
    national_id = recipient.get("national_id") if isinstance(recipient, dict) else None
    try:
        validate(national_id)
    except InvalidNationalId as exc:
        raise _invalid("recipient.national_id", f"'recipient.national_id' is not valid: {exc}",
                       "invalid_national_id")
    try:
        category = Category(payload.get("category"))
    except ValueError:
        raise _invalid("category", f"'category' must be one of {', '.join(c.value for c in Category)}",
                       "unknown_category")
    if not rules.may_send(sender.kind, category):
        raise _invalid("category", f"an organisation of kind '{sender.kind.value}' cannot send "
                                   f"'{category.value}'", "category_not_allowed")
    subject = _string(payload, "subject", MAX_SUBJECT)
    body = payload.get("body")
    if not isinstance(body, dict):
        raise _invalid("body", "'body' must be an object with 'format' and 'content'")
    try:
        body_format = BodyFormat(body.get("format"))
    except ValueError:
        raise _invalid("body.format", "'body.format' must be 'text' or 'html'")
    content = _string(body, "content", limits.max_body_characters)
    if body_format is BodyFormat.HTML:
        content = clean_html(content)
    attachments = _attachments(payload.get("attachments"), limits)
    appointment = _appointment(payload.get("appointment"), sender, category)

    patient = db.scalar(select(Patient).where(Patient.national_id == national_id))
    if patient is None:
        raise DeliveryError(422, "unknown_patient", "no patient with this national identity number "
                                                    "uses the inbox", "recipient.national_id")
    thread = _thread(db, sender, patient, payload.get("in_reply_to"), subject)
    if appointment is not None:
        appointment.patient_id, appointment.organisation_id = patient.id, sender.id
    item = Item(patient_id=patient.id, organisation_id=sender.id, thread=thread, category=category,
                subject=subject, body=content, body_format=body_format, sent_at=utcnow(),
                idempotency_key=idempotency_key, request_fingerprint=request_fingerprint,
                attachments=attachments, appointment=appointment)
    db.add(item)
    try:
        db.commit()
    except IntegrityError:
        # A concurrent retry with the same key got there first.
        db.rollback()
        earlier = _earlier_delivery(db, sender, idempotency_key, request_fingerprint)
        if earlier is None:
            raise
        return earlier
    return Delivery(item, created=True)


def _appointment(raw, sender: Organisation, category: Category) -> Appointment | None:
    """An appointment letter carries the appointment it calls the patient to."""
    if raw is None:
        return None
    if sender.kind is not OrganisationKind.HOSPITAL or category is not Category.LETTER:
        raise _invalid("appointment", "only a hospital's letter can carry an appointment")
    if not isinstance(raw, dict):
        raise _invalid("appointment", "'appointment' must be an object with 'starts_at', 'department' "
                                      "and 'place'")
    try:
        starts_at = dt.datetime.fromisoformat(raw.get("starts_at") or "")
    except (TypeError, ValueError):
        starts_at = None
    if starts_at is None or starts_at.tzinfo is None:
        raise _invalid("appointment.starts_at", "'appointment.starts_at' must be a date and time with "
                                                "a UTC offset, e.g. 2027-01-12T09:30:00+01:00")
    return Appointment(starts_at=starts_at, department=_string(raw, "department", 200),
                       place=_string(raw, "place", 200))


def _earlier_delivery(db, sender, key, request_fingerprint) -> Delivery | None:
    item = db.scalar(select(Item).where(Item.organisation_id == sender.id, Item.idempotency_key == key))
    if item is None:
        return None
    if item.request_fingerprint != request_fingerprint:
        raise DeliveryError(422, "idempotency_key_reused",
                            "this Idempotency-Key was used for a different request; "
                            "use a new key for a new item")
    return Delivery(item, created=False)


def _thread(db: Session, sender: Organisation, patient: Patient, in_reply_to, subject: str) -> Thread:
    if in_reply_to is None:
        thread = Thread(patient_id=patient.id, organisation_id=sender.id, subject=subject)
        db.add(thread)
        return thread
    valid_id = isinstance(in_reply_to, int) and not isinstance(in_reply_to, bool)
    earlier = db.get(Item, in_reply_to) if valid_id else None
    if earlier is None or earlier.patient_id != patient.id or earlier.thread.organisation_id != sender.id:
        raise _invalid("in_reply_to", "'in_reply_to' must be the id of an item in a thread between "
                                      "you and this patient", "unknown_thread")
    return earlier.thread
