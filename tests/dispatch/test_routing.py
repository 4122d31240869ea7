"""The routing rules (app/dispatch/routing.py): a table of cases, then every combination
of the inputs against the rules the seed pages state."""

from __future__ import annotations

import itertools

import pytest

from app.dispatch.channels import Kind, PostalAddress
from app.dispatch.contact_register import Contact
from app.dispatch.models import Purpose
from app.dispatch.routing import Facts, route

HOME = PostalAddress("Kari Nordmann", ("Storgata 1",), "0155", "Oslo")
SMS, EMAIL, MAILBOX, POST = Kind.SMS, Kind.EMAIL, Kind.DIGITAL_MAILBOX, Kind.POST
N, L, E = Purpose.NOTIFICATION, Purpose.LETTER, Purpose.ESCALATION


def contact(mobile=True, email=True, mailbox=False, reserved=False, postal=True, confidential=False):
    return Contact(
        "01018012345",
        reserved=reserved,
        email="kari@example.org" if email else None,
        mobile="+4791234567" if mobile else None,
        mailbox="kari#1234" if mailbox else None,
        mailbox_provider="digipost" if mailbox else None,
        postal_address=HOME if postal else None,
        confidential_address=confidential,
    )


CASES = [
    # purpose, portal user, wants sms, wants e-mail, contact, read → chains (empty: nothing sent)
    (N, True, True, True, contact(), False, ((SMS,), (EMAIL,))),
    (N, True, True, False, contact(), False, ((SMS,),)),
    (N, True, False, True, contact(), False, ((EMAIL,),)),
    (N, True, True, False, contact(mobile=False), False, ((EMAIL,),)),  # the other one, not nothing
    (N, True, False, True, contact(email=False), False, ((SMS,),)),
    (N, True, True, True, contact(mobile=False, email=False), False, ()),
    (N, True, True, True, contact(reserved=True), False, ((SMS,), (EMAIL,))),  # chose the portal
    (N, False, True, True, contact(), False, ()),
    (L, False, True, True, contact(mailbox=True), False, ((MAILBOX, POST),)),
    (L, False, True, True, contact(mailbox=True, postal=False), False, ((MAILBOX,),)),
    (L, False, True, True, contact(mailbox=True, reserved=True), False, ((POST,),)),
    (L, False, True, True, contact(), False, ((POST,),)),
    (L, False, True, True, contact(confidential=True), False, ()),
    (L, False, True, True, contact(mailbox=True, confidential=True), False, ((MAILBOX,),)),
    (L, False, True, True, contact(postal=False), False, ()),
    (E, True, True, True, contact(), False, ((POST,),)),
    (E, True, True, True, contact(), True, ()),
    (E, True, True, True, contact(confidential=True), False, ()),
    (E, True, True, True, contact(mailbox=True), False, ((POST,),)),  # escalation is paper
]


@pytest.mark.parametrize("purpose, portal, sms, email, who, read, chains", CASES)
def test_cases(purpose, portal, sms, email, who, read, chains):
    assert route(Facts(purpose, portal, sms, email, who, read)).chains == chains


def every_combination():
    for purpose, portal, sms, email, read, *c in itertools.product(list(Purpose), *[(False, True)] * 10):
        mobile, mail, mailbox, reserved, postal, confidential = c
        yield Facts(
            purpose, portal, sms, email, contact(mobile, mail, mailbox, reserved, postal, confidential), read
        )


def test_every_combination_keeps_the_rules():
    for facts in every_combination():
        result = route(facts)
        sent = [kind for chain in result.chains for kind in chain]
        c = facts.contact
        assert len(sent) == len(set(sent)), facts  # nothing twice
        if facts.purpose is Purpose.NOTIFICATION:
            assert set(sent) <= {SMS, EMAIL}, facts  # notifications are never letters
            assert facts.portal_user or not sent, facts
            assert (SMS not in sent or c.mobile) and (EMAIL not in sent or c.email), facts
            # Reachable portal users always hear of it, and on what they asked for where possible.
            if facts.portal_user and (c.mobile or c.email):
                assert sent, facts
                asked = {k for k, on in ((SMS, facts.wants_sms), (EMAIL, facts.wants_email)) if on}
                reachable_asked = {k for k in asked if (c.mobile if k is SMS else c.email)}
                assert set(sent) == (reachable_asked or set(sent)), facts
        else:
            assert set(sent) <= {MAILBOX, POST}, facts
            assert POST not in sent or (c.postal_address and not c.confidential_address), facts
            assert MAILBOX not in sent or (c.mailbox and not c.reserved), facts
            if facts.purpose is Purpose.ESCALATION:
                assert MAILBOX not in sent and (not facts.letter_read or not sent), facts
            elif c.mailbox and not c.reserved:
                assert sent[0] is MAILBOX, facts  # the digital mailbox first, post after
        if not sent:
            assert result.reason, facts  # nothing sent is always explained
