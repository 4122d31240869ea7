"""Sending what the outbox holds: claim, route, send, record.

Any number of workers may run (``flask --app app.flask_inbox deliver``), on
one machine or many. A worker claims a batch of due dispatches in one short
transaction (on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so two workers
never claim the same row; SQLite has one writer and needs no more), marks
them ``sending`` with its own claim token and a lease, and commits. It then
sends each outside any transaction and records the outcome only if its claim
still holds. A worker killed at any point leaves rows that are either still
due or ``sending`` with a lease that runs out, after which another worker
sends them again with the same idempotency key: at least once, never lost.

Nothing the outside world does escapes: every channel error becomes an
outcome, every unexpected exception a temporary failure logged with the
dispatch's id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import logging
import random
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import nh3
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import clock
from app.dispatch import lifecycle, outbox, routing, texts
from app.dispatch.channels import Attachment, Channel, Kind, Message, Outcome, PostalAddress, Result
from app.dispatch.contact_register import Contact, ContactRegisterUnavailable
from app.dispatch.models import Dispatch, DispatchItem, NotificationSettings, Purpose, Status
from app.inbox.models import BodyFormat, Item
from app.patients.models import Patient

log = logging.getLogger("innboks.dispatch")


class ContactRegister(Protocol):
    def lookup(self, national_id: str) -> Contact: ...


@dataclass
class Worker:
    session: Callable[[], Session]
    channels: Mapping[Kind, Channel]
    contacts: ContactRegister
    inbox_url: Callable[[str], str]  # language → the inbox's address, for notifications
    policy: outbox.Policy = field(default_factory=outbox.Policy)
    batch: int = 50
    record_every: int = 20
    lease: dt.timedelta = dt.timedelta(seconds=60)
    max_attempts: int = 6
    backoff: dt.timedelta = dt.timedelta(seconds=30)
    stop: threading.Event = field(default_factory=threading.Event)

    # ---- the loop ------------------------------------------------------------------------
    def run(self, idle: float = 1.0) -> None:
        while not self.stop.is_set():
            try:
                busy = self.run_once()
            except Exception:
                # The database away, a lock that timed out: nothing is lost (what was claimed
                # comes back when its lease runs out), so wait and go on.
                log.exception("the worker's round failed; trying again in %s s", idle)
                busy = 0
            if busy == 0:
                self.stop.wait(idle)

    def run_once(self) -> int:
        """Turn newly delivered items into dispatches, then claim a batch, route what needs
        routing and send the rest; how many items and dispatches it handled."""
        with self.session() as db, db.begin():
            collected = outbox.collect(db, self.policy, self.batch)
        return collected + self.send_once()

    def send_once(self) -> int:
        token = secrets.token_hex(8)
        claimed = self.claim(token)
        ready: list[int] = []
        for dispatch_id, routed in claimed:
            if routed:
                ready.append(dispatch_id)
                continue
            try:
                if self._routed(dispatch_id, token):
                    ready.append(dispatch_id)
            except Exception:
                log.exception("dispatch %s: unexpected error while routing; tried again later", dispatch_id)
                self._record(token, [(dispatch_id, Outcome.temporary("unexpected error in routing"))])
        # Outcomes are recorded a few at a time: one transaction per few sends, and a worker
        # killed mid-batch sends again at most those few.
        for start in range(0, len(ready), self.record_every):
            if self.stop.is_set():
                break  # the rest stay claimed until the lease runs out
            chunk = self._messages(ready[start : start + self.record_every], token)
            self._record(token, [(i, self._send(kind, m)) for i, kind, m in chunk])
        return len(claimed)

    def claim(self, token: str) -> list[tuple[int, bool]]:
        """Due dispatches, marked as this worker's: (id, already routed) each."""
        with self.session() as db, db.begin():
            now = clock.now()
            due = db.scalars(
                select(Dispatch)
                .where(
                    Dispatch.final.is_(False),
                    Dispatch.not_before <= now,
                    # SENDING here is a claim that ran out: its worker died.
                    Dispatch.status.in_([Status.CREATED, Status.TEMPORARY_FAILURE, Status.SENDING]),
                )
                .order_by(Dispatch.not_before, Dispatch.id)
                .limit(self.batch)
                .with_for_update(skip_locked=True)
            ).all()
            for dispatch in due:
                again = " (a claim that ran out)" if dispatch.status is Status.SENDING else ""
                lifecycle.move(dispatch, Status.SENDING, now, f"attempt {dispatch.attempts + 1}{again}")
                dispatch.attempts += 1
                dispatch.claim_token = token
                dispatch.not_before = dispatch.claimed_until = now + self.lease
            return [(d.id, d.channel is not None) for d in due]

    # ---- sending ---------------------------------------------------------------------------
    def _messages(self, ids: list[int], token: str) -> list[tuple[int, Kind, Message | Outcome]]:
        """Each claimed dispatch's message, or the outcome that makes one pointless."""
        with self.session() as db:
            dispatches = db.scalars(
                select(Dispatch)
                .where(Dispatch.id.in_(ids), Dispatch.claim_token == token)
                .options(selectinload(Dispatch.items).selectinload(Item.organisation))
                .order_by(Dispatch.id)
            ).all()
            made: list[tuple[int, Kind, Message | Outcome]] = []
            for dispatch in dispatches:
                kind = dispatch.channel
                assert kind is not None  # routed before it gets here
                if kind not in self.channels:
                    made.append((dispatch.id, kind, Outcome.permanent(f"no {kind} channel is configured")))
                    continue
                try:
                    made.append((dispatch.id, kind, self._message(dispatch)))
                except Exception as error:
                    log.exception("dispatch %s: its message could not be made", dispatch.id)
                    made.append((dispatch.id, kind, Outcome.temporary(f"making the message: {error!r}")))
            return made

    def _send(self, kind: Kind, message: Message | Outcome) -> Outcome:
        if isinstance(message, Outcome):
            return message
        try:
            return self.channels[kind].send(message)
        except Exception as error:  # a channel's bug must not stop the worker
            log.exception("dispatch %s: the %s channel raised", message.dispatch_id, kind)
            return Outcome.temporary(f"the channel raised {error!r}")

    def _routed(self, dispatch_id: int, token: str) -> bool:
        """Route a dispatch that has no channel yet; False when there is nothing to send."""
        with self.session() as db:
            dispatch = db.get(Dispatch, dispatch_id)
            if dispatch is None or dispatch.claim_token != token:
                return False
            if dispatch.channel is not None:
                return True
            patient = db.get(Patient, dispatch.patient_id)
            assert patient is not None
            settings = db.get(NotificationSettings, patient.id)
            items = list(dispatch.items)
            national_id = patient.national_id
            language = settings.language if settings else "nb"
            facts = routing.Facts(
                purpose=dispatch.purpose,
                portal_user=patient.is_portal_user,
                wants_sms=settings.sms if settings else True,
                wants_email=settings.email if settings else True,
                contact=Contact(national_id),  # from the register, below, outside the transaction
                letter_read=any(item.read_at is not None for item in items),
            )
        try:
            contact = self.contacts.lookup(national_id)
        except ContactRegisterUnavailable as error:
            self._record(token, [(dispatch_id, Outcome.temporary(f"contact register: {error}"))])
            return False
        plan = routing.route(dataclasses.replace(facts, contact=contact))
        with self.session() as db, db.begin():
            dispatch = self._claimed(db, dispatch_id, token)
            if dispatch is None:
                return False
            now = clock.now()
            if not plan.chains:
                to = Status.CANCELLED if plan.cancelled else Status.UNDELIVERABLE
                lifecycle.move(dispatch, to, now, plan.reason)
                if to is Status.UNDELIVERABLE:
                    log.warning("dispatch %s undeliverable: %s", dispatch_id, plan.reason)
                return False
            first, *others = plan.chains
            dispatch.language = language  # the patient's choice as it is now
            _set_chain(dispatch, first, contact)
            lifecycle.move(dispatch, Status.SENDING, now, f"routed to {', '.join(first)}")
            # Both SMS and e-mail: a dispatch each, so each has its own status and receipt.
            for chain in others:
                sibling = outbox.new_dispatch(dispatch.patient_id, dispatch.purpose, now)
                sibling.language = language
                _set_chain(sibling, chain, contact)
                db.add(sibling)
                db.flush()
                db.add_all(DispatchItem(dispatch_id=sibling.id, item_id=item.id) for item in dispatch.items)
        return True

    def _message(self, dispatch: Dispatch) -> Message:
        addresses = json.loads(dispatch.address or "{}")
        assert dispatch.channel is not None
        address = addresses.get(dispatch.channel)
        if dispatch.purpose is Purpose.NOTIFICATION:
            text = texts.notification(
                dispatch.language,
                {item.organisation.kind for item in dispatch.items},
                len(dispatch.items),
                self.inbox_url(dispatch.language),
            )
            return Message(
                dispatch.id, dispatch.idempotency_key, address, dispatch.language, text.subject, text.body
            )
        item = dispatch.items[0]
        postal = (
            PostalAddress(**{**address, "lines": tuple(address["lines"])})
            if dispatch.channel is Kind.POST
            else None
        )
        return Message(
            dispatch.id,
            dispatch.idempotency_key,
            None if postal else address,
            dispatch.language,
            item.subject,
            plain_text(item),
            postal_address=postal,
            sender_name=item.organisation.name,
            attachments=tuple(Attachment(a.filename, a.content_type, a.data) for a in item.attachments),
        )

    # ---- recording outcomes ----------------------------------------------------------------
    def _record(self, token: str, outcomes: list[tuple[int, Outcome]]) -> None:
        """What happened to each, in one transaction, for the dispatches still this worker's."""
        if not outcomes:
            return
        with self.session() as db, db.begin():
            held = {
                d.id: d
                for d in db.scalars(
                    select(Dispatch)
                    .where(
                        Dispatch.id.in_([i for i, _ in outcomes]),
                        Dispatch.claim_token == token,
                        Dispatch.status == Status.SENDING,
                    )
                    .with_for_update()
                )
            }
            now = clock.now()
            for dispatch_id, outcome in outcomes:
                dispatch = held.get(dispatch_id)
                if dispatch is None:
                    log.info("dispatch %s: claim lost before recording %s", dispatch_id, outcome.result)
                    continue
                self._apply(dispatch, outcome, now)

    def _apply(self, dispatch: Dispatch, outcome: Outcome, now: dt.datetime) -> None:
        dispatch.claim_token = None
        dispatch.claimed_until = None
        if outcome.result is Result.SENT:
            channel = self.channels.get(dispatch.channel) if dispatch.channel else None
            dispatch.provider_reference = outcome.provider_reference
            receipts = bool(channel and channel.has_receipts)
            lifecycle.move(dispatch, Status.SENT, now, outcome.detail, has_receipts=receipts)
            return
        log.warning(
            "dispatch %s: %s on %s: %s", dispatch.id, outcome.result, dispatch.channel, outcome.detail
        )
        if outcome.result is Result.TEMPORARY_FAILURE and dispatch.attempts < self.max_attempts:
            lifecycle.move(dispatch, Status.TEMPORARY_FAILURE, now, outcome.detail)
            dispatch.not_before = now + self._delay(dispatch.attempts)
            return
        next_channel(dispatch, now, outcome.detail)

    def _delay(self, attempts: int) -> dt.timedelta:
        # Exponential, with jitter so that many failures at once do not come back at once.
        return self.backoff * (2 ** (attempts - 1)) * random.uniform(0.5, 1.5)

    @staticmethod
    def _claimed(db: Session, dispatch_id: int, token: str) -> Dispatch | None:
        dispatch = db.get(Dispatch, dispatch_id, with_for_update=True)
        if dispatch is None or dispatch.claim_token != token or dispatch.status is not Status.SENDING:
            return None
        return dispatch


def next_channel(dispatch: Dispatch, now: dt.datetime, detail: str) -> None:
    """After a channel failed for good: the next one of the route, or permanent failure."""
    rest = [Kind(k) for k in dispatch.fallbacks.split(",") if k]
    if not rest:
        lifecycle.move(dispatch, Status.PERMANENT_FAILURE, now, detail)
        log.warning("dispatch %s failed for good: %s", dispatch.id, detail)
        return
    failed = dispatch.channel
    if lifecycle.move(dispatch, Status.CREATED, now, f"{failed} failed ({detail}); next: {rest[0]}"):
        dispatch.channel, dispatch.fallbacks = rest[0], ",".join(rest[1:])
        dispatch.not_before = now
        dispatch.attempts = 0


def _set_chain(dispatch: Dispatch, chain: tuple[Kind, ...], contact: Contact) -> None:
    dispatch.channel = chain[0]
    dispatch.fallbacks = ",".join(chain[1:])
    dispatch.address = json.dumps({kind.value: _address(kind, contact) for kind in chain}, ensure_ascii=False)


def _address(kind: Kind, contact: Contact):
    if kind is Kind.SMS:
        return contact.mobile
    if kind is Kind.EMAIL:
        return contact.email
    if kind is Kind.DIGITAL_MAILBOX:
        return contact.mailbox
    postal = contact.postal_address
    assert postal is not None  # routing sends nothing by post without one
    return {
        "name": postal.name,
        "lines": list(postal.lines),
        "postcode": postal.postcode,
        "city": postal.city,
        "country": postal.country,
    }


_BLOCK_END = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|tr|div)>", re.IGNORECASE)


def plain_text(item: Item) -> str:
    """A letter's text for channels that carry text only (a mailbox's body, the printed page)."""
    if item.body_format is BodyFormat.TEXT:
        return item.body
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", item.body)
    return html.unescape(nh3.clean(marked, tags=set())).strip()
