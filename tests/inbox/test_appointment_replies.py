"""The reply button's offer is decided once per request, and send acts on it."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.appointments.models import AppointmentReply
from app.appointments.rules import ContactMode, ReplyTiming
from app.inbox import appointment_replies
from app.inbox.refusals import Refusal, Refused
from app.organisations.models import Region
from tests.inbox.conftest import APPOINTMENT


@pytest.mark.parametrize(
    "before,timing,refusal",
    [
        (dt.timedelta(days=2), ReplyTiming.IN_TIME, None),
        (dt.timedelta(hours=1), ReplyTiming.LATE, None),
        (dt.timedelta(0), ReplyTiming.TOO_LATE, Refusal.APPOINTMENT_PASSED),
    ],
)
def test_offer_of_a_helse_sor_ost_letter(database, appointment_letter, before, timing, refusal):
    letter = appointment_letter()
    offer = appointment_replies.offer(database, letter, APPOINTMENT - before)
    assert offer.mode is ContactMode.REPLY_BUTTON and offer.timing is timing
    assert offer.deadline == APPOINTMENT - dt.timedelta(hours=24)
    assert (offer.refusal and offer.refusal.code) == refusal


@pytest.mark.parametrize("region", [Region.HELSE_VEST, Region.HELSE_NORD, Region.HELSE_MIDT_NORGE])
def test_other_regions_are_offered_a_dialogue(database, appointment_letter, region):
    offer = appointment_replies.offer(
        database, appointment_letter(region), APPOINTMENT - dt.timedelta(days=2)
    )
    assert offer.mode is ContactMode.DIALOGUE and offer.refusal.code is Refusal.USE_DIALOGUE


def test_a_late_reply_needs_the_fee_accepted_and_is_stored_as_late(database, appointment_letter):
    offer = appointment_replies.offer(database, appointment_letter(), APPOINTMENT - dt.timedelta(hours=2))
    with pytest.raises(Refused) as refused:
        appointment_replies.send(database, offer, "Syk", late_accepted=False)
    assert refused.value.code is Refusal.LATE_NOT_ACCEPTED
    reply = appointment_replies.send(database, offer, "Syk", late_accepted=True)
    stored = database.scalar(select(AppointmentReply).where(AppointmentReply.item_id == reply.id))
    assert stored.in_time is False and reply.sent_at == offer.now and reply.from_patient


def test_two_requests_with_the_same_offer_store_one_reply(database, appointment_letter):
    """A double click: both requests read the letter before either replied."""
    letter = appointment_letter()
    now = APPOINTMENT - dt.timedelta(days=2)
    first, second = (appointment_replies.offer(database, letter, now) for _ in range(2))
    appointment_replies.send(database, first, "", late_accepted=False)
    with pytest.raises(Refused) as refused:
        appointment_replies.send(database, second, "", late_accepted=False)
    assert refused.value.code is Refusal.ALREADY_REPLIED
    assert database.scalar(select(func.count()).select_from(AppointmentReply)) == 1
    assert appointment_replies.offer(database, letter, now).refusal.code is Refusal.ALREADY_REPLIED
