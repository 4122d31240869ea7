"""Delivery of letters and messages from sender systems into patients' inboxes.

:func:`deliver` is what the API calls. A delivery is idempotent per sender
and idempotency key: a retry with the same request returns the item made the
first time; the same key with a different request is refused.

A delivery's shape (types, required fields, lengths, allowed values) is the
API document's to say, through the :class:`Contract` the API passes in. Here
is only what a schema cannot say: who may send which category, national-id
check digits, attachment bytes, that the patient exists, idempotency, threads
and the appointment's time.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import clock
from app.appointments.models import Appointment
from app.appointments.rules import APPOINTMENT_WINDOW, within_appointment_window
from app.db import MAX_ID
from app.identity.fodselsnummer import InvalidNationalId, validate
from app.inbox import rules
from app.inbox.models import Attachment, BodyFormat, Category, Item, Thread
from app.inbox.sanitize import MAX_NESTING, TooDeep, clean_html
from app.organisations.models import Organisation, OrganisationKind
from app.patients.models import Patient


@dataclass
class DeliveryError(Exception):
    status: int
    code: str
    message: str
    field: str | None = None


@dataclass(frozen=True)
class Contract:
    """What the API's document (app/api/openapi.json) says of a delivery: its
    shape and limits are written there, and only there."""

    check_shape: Callable[[dict], None]  # raises DeliveryError for the first thing to fix
    max_idempotency_key: int
    max_attachment_bytes: int  # decoded


@dataclass(frozen=True)
class Delivery:
    item: Item
    created: bool  # False when this was a retry of an earlier delivery


def fingerprint(payload) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _invalid(field: str, message: str, code: str = "invalid_field") -> DeliveryError:
    return DeliveryError(422, code, message, field)


#: One answer for a recipient who does not use the inbox and for a thread that is not
#: between the sender and the recipient: two answers would tell a sender which national
#: identity numbers belong to portal users (by trying a thread of its own with any number).
def _unknown_recipient_or_thread() -> DeliveryError:
    return DeliveryError(
        422,
        "unknown_recipient_or_thread",
        "no patient with this national identity number uses the inbox, or 'in_reply_to' is not "
        "an item in a thread between you and that patient",
    )


#: What else a new item needs, written in its transaction (the outbox of app/dispatch/).
AlsoStore = Callable[[Session, Item, Patient, Organisation], object]


def deliver(
    db: Session,
    sender: Organisation,
    idempotency_key: str | None,
    payload,
    contract: Contract,
    also_store: AlsoStore | None = None,
) -> Delivery:
    if not idempotency_key or len(idempotency_key) > contract.max_idempotency_key:
        raise DeliveryError(
            400,
            "idempotency_key_required",
            f"send an Idempotency-Key header of 1 to {contract.max_idempotency_key} characters",
        )
    if not isinstance(payload, dict):
        raise DeliveryError(400, "invalid_json", "the request body must be a JSON object")
    try:
        request_fingerprint = fingerprint(payload)
    except UnicodeEncodeError:
        # json.loads lets an escaped half of a surrogate pair through ("\ud800"): no text to store.
        raise DeliveryError(
            400,
            "invalid_json",
            "the request body has a \\u escape of half a "
            "surrogate pair; escape whole characters, or send "
            "them as UTF-8",
        ) from None
    except RecursionError:
        raise DeliveryError(400, "invalid_json", "the request body is nested too deeply") from None
    # A retry is answered as the first time even if the document has changed since.
    earlier = _earlier_delivery(db, sender, idempotency_key, request_fingerprint)
    if earlier is not None:
        return earlier
    contract.check_shape(payload)

    # The payload has the document's shape; what follows is what a schema cannot say.
    if "sender" in payload and payload["sender"] != sender.id:
        raise DeliveryError(
            403,
            "wrong_sender",
            "an organisation can only send as itself; leave out 'sender' or give your own id",
        )
    national_id = payload["recipient"]["national_id"]
    try:
        validate(national_id)
    except InvalidNationalId as exc:
        raise _invalid(
            "recipient.national_id", f"'recipient.national_id' is not valid: {exc}", "invalid_national_id"
        ) from None
    category = Category(payload["category"])
    if not rules.may_send(sender.kind, category):
        raise _invalid(
            "category",
            f"an organisation of kind '{sender.kind.value}' cannot send '{category.value}'",
            "category_not_allowed",
        )
    subject = payload["subject"]
    body_format = BodyFormat(payload["body"]["format"])
    content = payload["body"]["content"]
    if body_format is BodyFormat.HTML:
        try:
            content = clean_html(content)
        except TooDeep:
            raise _invalid(
                "body.content", f"'body.content' nests HTML elements more than {MAX_NESTING} deep"
            ) from None
    language = rules.language_tag(payload.get("language", "nb"))
    if language is None:
        raise _invalid(
            "language",
            "'language' must be a BCP 47 language tag of a known language, e.g. nb, nn, se or en-GB",
        )
    attachments = _attachments(payload.get("attachments") or [], contract.max_attachment_bytes)
    appointment = _appointment(payload.get("appointment"), sender, category)

    patient = db.scalar(select(Patient).where(Patient.national_id == national_id))
    if patient is None:
        raise _unknown_recipient_or_thread()
    thread = _thread(db, sender, patient, payload.get("in_reply_to"), subject)
    if appointment is not None:
        appointment.patient_id, appointment.organisation_id = patient.id, sender.id
        appointment.language = language
    item = Item(
        patient_id=patient.id,
        organisation_id=sender.id,
        thread=thread,
        category=category,
        subject=subject,
        body=content,
        body_format=body_format,
        language=language,
        sent_at=clock.now(),
        idempotency_key=idempotency_key,
        request_fingerprint=request_fingerprint,
        attachments=attachments,
        appointment=appointment,
    )
    db.add(item)
    try:
        if also_store is not None:
            also_store(db, item, patient, sender)
        db.commit()
    except IntegrityError:
        # A concurrent retry with the same key got there first.
        db.rollback()
        earlier = _earlier_delivery(db, sender, idempotency_key, request_fingerprint)
        if earlier is None:
            raise
        return earlier
    return Delivery(item, created=True)


def _attachments(entries: list[dict], max_bytes: int) -> list[Attachment]:
    result = []
    for index, entry in enumerate(entries):
        field = f"attachments[{index}]"
        content_type = entry["content_type"]
        try:
            data = base64.b64decode(entry["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise _invalid(f"{field}.content_base64", "'content_base64' is not valid base64") from None
        if len(data) > max_bytes:
            raise DeliveryError(413, "too_large", f"'{field}' is larger than {max_bytes} bytes", field)
        if not rules.attachment_matches_type(content_type, data):
            raise DeliveryError(
                415,
                "attachment_type_mismatch",
                f"'{field}' does not contain {content_type}",
                f"{field}.content_type",
            )
        # The document's pattern makes the first character a visible one, so something is left.
        filename = rules.normalised_filename(entry["filename"])
        result.append(Attachment(filename=filename, content_type=content_type, size=len(data), data=data))
    return result


def _appointment(raw: dict | None, sender: Organisation, category: Category) -> Appointment | None:
    """An appointment letter carries the appointment it calls the patient to."""
    if raw is None:
        return None
    if sender.kind is not OrganisationKind.HOSPITAL or category is not Category.LETTER:
        raise _invalid("appointment", "only a hospital's letter can carry an appointment")
    starts_at = _aware_time(raw["starts_at"])
    if starts_at is None:
        raise _invalid(
            "appointment.starts_at",
            "'appointment.starts_at' must be a date and time with "
            "a UTC offset, e.g. 2027-01-12T09:30:00+01:00",
        )
    if not within_appointment_window(starts_at, clock.now()):
        years = APPOINTMENT_WINDOW.days // 365
        raise _invalid(
            "appointment.starts_at",
            f"'appointment.starts_at' must be within {years} years before or after now",
        )
    return Appointment(starts_at=starts_at, department=raw["department"], place=raw["place"])


def _aware_time(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return None
        # Near year 1 a time may have no UTC equivalent, and UTC is what is stored.
        moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None
    return moment


def _earlier_delivery(db, sender, key, request_fingerprint) -> Delivery | None:
    item = db.scalar(select(Item).where(Item.organisation_id == sender.id, Item.idempotency_key == key))
    if item is None:
        return None
    if item.request_fingerprint != request_fingerprint:
        raise DeliveryError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different request; use a new key for a new item",
        )
    return Delivery(item, created=False)


def _thread(db: Session, sender: Organisation, patient: Patient, in_reply_to, subject: str) -> Thread:
    if in_reply_to is None:
        thread = Thread(patient_id=patient.id, organisation_id=sender.id, subject=subject)
        db.add(thread)
        return thread
    item_id = int(in_reply_to)  # the document allows 12.0 for 12
    # A larger number is no id (the column is PostgreSQL's integer) and must not reach the query.
    earlier = db.get(Item, item_id) if 0 < item_id <= MAX_ID else None
    if earlier is None or earlier.patient_id != patient.id or earlier.thread.organisation_id != sender.id:
        raise _unknown_recipient_or_thread()
    return earlier.thread
