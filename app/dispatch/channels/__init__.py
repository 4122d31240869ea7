"""The ways a dispatch leaves the portal: SMS, e-mail, a digital mailbox, post.

Every channel is a :class:`Channel` with one method, ``send``, which hands one
:class:`Message` to the outside world and says what happened as an
:class:`Outcome`. A channel never raises for what the outside world does (a
refused connection, a 500, a timeout, an answer of another shape): the worker
records the outcome with the dispatch's id and decides on retries and on the
next channel, so each adapter stays a translation to one provider's shape.

Notifications (SMS, e-mail) carry no health information: their text is made
by :mod:`app.dispatch.texts`, never from an item's subject or body. Letters
(digital mailbox, post) carry the letter itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Kind(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    DIGITAL_MAILBOX = "digital_mailbox"
    POST = "post"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class PostalAddress:
    name: str
    lines: tuple[str, ...]  # street, c/o, …
    postcode: str
    city: str
    country: str = "NO"


@dataclass(frozen=True)
class Message:
    dispatch_id: int
    # Stable across retries of one dispatch: providers that take one drop repeats.
    idempotency_key: str
    # A mobile number in E.164 (+4791234567), an e-mail address, a digital mailbox
    # address (the provider's own), or None for post (see ``postal_address``).
    address: str | None
    language: str  # nb, en or se: the patient's language for notifications
    subject: str
    text: str
    postal_address: PostalAddress | None = None
    sender_name: str | None = None  # letters: who the letter is from
    attachments: tuple[Attachment, ...] = field(default=())


class Result(StrEnum):
    SENT = "sent"  # the provider took it; a receipt may follow (SMS, digital mailbox)
    TEMPORARY_FAILURE = "temporary_failure"  # try again later
    PERMANENT_FAILURE = "permanent_failure"  # trying again will not help


@dataclass(frozen=True)
class Outcome:
    result: Result
    detail: str = ""  # for operators: what the provider said, never shown to patients
    provider_reference: str | None = None  # what the provider's receipts will name

    @classmethod
    def sent(cls, provider_reference: str | None = None, detail: str = "") -> Outcome:
        return cls(Result.SENT, detail, provider_reference)

    @classmethod
    def temporary(cls, detail: str) -> Outcome:
        return cls(Result.TEMPORARY_FAILURE, detail)

    @classmethod
    def permanent(cls, detail: str) -> Outcome:
        return cls(Result.PERMANENT_FAILURE, detail)


class Channel(Protocol):
    kind: Kind
    # True when the provider confirms delivery later (a signed receipt); until then a
    # sent dispatch is not final.
    has_receipts: bool

    def send(self, message: Message) -> Outcome: ...
