"""Which channel, for whom: one plain function over the facts (:func:`route`).

The seed pages' rules, and this project's decisions where they are silent:
- A portal user reads everything in the inbox and is told of new items by SMS,
  e-mail or both, as they chose (no choice yet: both). A chosen channel without
  contact details in the contact register falls back to the other one; with
  neither, the notification is undeliverable (the item is still in the inbox).
  A reservation against digital contact does not stop these: the person chose
  the portal, and a notification says only that something has arrived.
- A hospital letter for a citizen who is not a portal user goes to their digital
  mailbox, and if that fails, by post; reserved against digital contact: by post.
- Post needs a registered address that is not confidential: a confidential
  address is never given to a print service, so such a letter is undeliverable
  here and the sender must send it by hand.
- Escalation: a hospital letter still unopened in a portal user's inbox goes on
  by post (after ``ESCALATION_DAYS``); if it was read by then, nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.dispatch.channels import Kind
from app.dispatch.contact_register import Contact
from app.dispatch.models import Purpose


@dataclass(frozen=True)
class Facts:
    purpose: Purpose
    portal_user: bool
    wants_sms: bool
    wants_email: bool
    contact: Contact
    letter_read: bool = False  # escalation only: opened in the inbox by now


@dataclass(frozen=True)
class Route:
    """Each chain is one thing to send: its first channel, then the next if that fails for
    good. No chains: nothing is sent, for ``reason`` (cancelled or undeliverable)."""

    chains: tuple[tuple[Kind, ...], ...]
    cancelled: bool = False
    reason: str = ""


def route(facts: Facts) -> Route:
    contact = facts.contact
    can_post = contact.postal_address is not None and not contact.confidential_address
    post_reason = "a confidential address" if contact.confidential_address else "no postal address"
    if facts.purpose is Purpose.NOTIFICATION:
        if not facts.portal_user:
            return Route((), cancelled=True, reason="no longer a portal user")
        reachable = {Kind.SMS: bool(contact.mobile), Kind.EMAIL: bool(contact.email)}
        wanted = [k for k, on in ((Kind.SMS, facts.wants_sms), (Kind.EMAIL, facts.wants_email)) if on]
        chains = tuple((kind,) for kind in wanted if reachable[kind])
        if not chains:
            other = [k for k in (Kind.SMS, Kind.EMAIL) if reachable[k] and k not in wanted]
            chains = tuple((kind,) for kind in other[:1])
        if not chains:
            return Route((), reason="no mobile number or e-mail address in the contact register")
        return Route(chains)
    if facts.purpose is Purpose.ESCALATION:
        if facts.letter_read:
            return Route((), cancelled=True, reason="read in the inbox before it was due by post")
        return Route(((Kind.POST,),)) if can_post else Route((), reason=post_reason)
    # A letter for someone who does not use the portal.
    chain: list[Kind] = []
    if contact.mailbox and not contact.reserved:
        chain.append(Kind.DIGITAL_MAILBOX)
    if can_post:
        chain.append(Kind.POST)
    if not chain:
        return Route((), reason=f"no digital mailbox and {post_reason}")
    return Route((tuple(chain),))
