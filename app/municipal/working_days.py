"""Working days in Norway: weekdays that are not public holidays (the `holidays` package)."""

from __future__ import annotations

import datetime as dt
import functools

import holidays

from app.clock import NORWAY


@functools.lru_cache(maxsize=8)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NO", years=[year]))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def next_working_day(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def expected_answer_date(sent_at: dt.datetime) -> dt.date:
    """A municipal service answers on the first working day after the day the
    message was sent, that day counted in Norwegian time."""
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    return next_working_day(sent_at.astimezone(NORWAY).date())
