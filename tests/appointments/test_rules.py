import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.appointments.rules import (
    APPOINTMENT_WINDOW,
    ContactMode,
    ReplyTiming,
    contact_mode,
    reply_deadline,
    reply_timing,
    within_appointment_window,
)
from app.organisations.models import Region

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=OSLO)


APPOINTMENT = oslo(2026, 11, 26, 10, 0)


@pytest.mark.parametrize(
    "now,timing",
    [
        (APPOINTMENT - dt.timedelta(days=3), ReplyTiming.IN_TIME),
        (APPOINTMENT - dt.timedelta(hours=24), ReplyTiming.IN_TIME),  # exactly 24 h
        (APPOINTMENT - dt.timedelta(hours=23, minutes=59), ReplyTiming.LATE),  # 23 h 59 m
        (APPOINTMENT - dt.timedelta(hours=23, minutes=59, seconds=59), ReplyTiming.LATE),
        (APPOINTMENT - dt.timedelta(seconds=1), ReplyTiming.LATE),
        (APPOINTMENT, ReplyTiming.TOO_LATE),
        (APPOINTMENT + dt.timedelta(days=1), ReplyTiming.TOO_LATE),
    ],
)
def test_reply_timing(now, timing):
    assert reply_timing(now.astimezone(dt.UTC), APPOINTMENT) is timing


def test_spring_forward_24_real_hours_is_23_on_the_clock():
    # 29 March 2026: clocks go from 02:00 to 03:00.
    appointment = oslo(2026, 3, 29, 10, 0)
    deadline = reply_deadline(appointment)
    assert appointment - deadline == dt.timedelta(hours=24)
    assert deadline.astimezone(OSLO).replace(tzinfo=None) == dt.datetime(2026, 3, 28, 9, 0)
    assert reply_timing(oslo(2026, 3, 28, 9, 0), appointment) is ReplyTiming.IN_TIME
    assert reply_timing(oslo(2026, 3, 28, 9, 1), appointment) is ReplyTiming.LATE
    # 10:00 the day before looks like "24 hours" on the clock, but is only 23.
    assert reply_timing(oslo(2026, 3, 28, 10, 0), appointment) is ReplyTiming.LATE


def test_fall_back_24_real_hours_is_25_on_the_clock():
    # 25 October 2026: clocks go from 03:00 back to 02:00.
    appointment = oslo(2026, 10, 25, 10, 0)
    deadline = reply_deadline(appointment)
    assert deadline.astimezone(OSLO).replace(tzinfo=None) == dt.datetime(2026, 10, 24, 11, 0)
    assert reply_timing(oslo(2026, 10, 24, 10, 30), appointment) is ReplyTiming.IN_TIME
    assert reply_timing(oslo(2026, 10, 24, 11, 1), appointment) is ReplyTiming.LATE


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        reply_deadline(dt.datetime(2026, 11, 26, 10))
    with pytest.raises(ValueError):
        reply_timing(dt.datetime(2026, 11, 25, 10), APPOINTMENT)


@pytest.mark.parametrize(
    "region,mode",
    [
        (Region.HELSE_SOR_OST, ContactMode.REPLY_BUTTON),
        (Region.HELSE_VEST, ContactMode.DIALOGUE),
        (Region.HELSE_NORD, ContactMode.DIALOGUE),
        (Region.HELSE_MIDT_NORGE, ContactMode.DIALOGUE),  # not in the seeds: treated as Vest and Nord
    ],
)
def test_contact_mode_by_region(region, mode):
    assert contact_mode(region) is mode


NOW = oslo(2026, 11, 23, 22, 0)


@pytest.mark.parametrize(
    "starts_at,allowed",
    [
        (NOW + APPOINTMENT_WINDOW, True),
        (NOW - APPOINTMENT_WINDOW, True),
        (NOW + APPOINTMENT_WINDOW + dt.timedelta(seconds=1), False),
        (NOW - APPOINTMENT_WINDOW - dt.timedelta(seconds=1), False),
        (dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC), False),
        (dt.datetime(1, 1, 2, tzinfo=dt.UTC), False),
    ],
)
def test_appointment_window(starts_at, allowed):
    assert within_appointment_window(starts_at, NOW) is allowed
