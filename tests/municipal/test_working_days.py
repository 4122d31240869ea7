import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.municipal.rules import may_message_service
from app.municipal.working_days import expected_answer_date, is_working_day, next_working_day

OSLO = ZoneInfo("Europe/Oslo")


def sent(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=OSLO).astimezone(dt.UTC)


@pytest.mark.parametrize(
    "when,answer",
    [
        (sent(2026, 11, 23, 9), dt.date(2026, 11, 24)),  # Monday -> Tuesday
        (sent(2026, 11, 27, 15), dt.date(2026, 11, 30)),  # Friday -> Monday
        (sent(2026, 11, 28, 12), dt.date(2026, 11, 30)),  # Saturday -> Monday
        (sent(2027, 3, 24, 10), dt.date(2027, 3, 30)),  # Wednesday before Easter: Maundy Thursday,
        # Good Friday, Easter, Easter Monday skipped
        (sent(2026, 4, 3, 10), dt.date(2026, 4, 7)),  # sent on Good Friday
        (sent(2027, 5, 14, 10), dt.date(2027, 5, 18)),  # 17 May 2027 is also Whit Monday
        (sent(2026, 5, 16, 10), dt.date(2026, 5, 18)),  # 17 May 2026 is a Sunday
        (sent(2028, 5, 16, 10), dt.date(2028, 5, 18)),  # 17 May 2028 is a Wednesday
        (sent(2026, 12, 24, 10), dt.date(2026, 12, 28)),  # Christmas Eve -> after Christmas
        (sent(2026, 12, 31, 10), dt.date(2027, 1, 4)),  # New Year's Eve -> after New Year
    ],
)
def test_expected_answer(when, answer):
    assert expected_answer_date(when) == answer


def test_the_day_is_the_norwegian_day():
    # 23:30 UTC on Monday is already Tuesday in Oslo, so the answer comes on Wednesday.
    assert expected_answer_date(dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 25)
    # 22:30 UTC on a summer Sunday is 00:30 Monday in Oslo (CEST).
    assert expected_answer_date(dt.datetime(2026, 6, 7, 22, 30, tzinfo=dt.UTC)) == dt.date(2026, 6, 9)


def test_working_days():
    assert is_working_day(dt.date(2026, 11, 23))
    assert not is_working_day(dt.date(2026, 5, 17)) and not is_working_day(dt.date(2027, 5, 17))
    assert not is_working_day(dt.date(2026, 12, 25)) and not is_working_day(dt.date(2027, 1, 1))
    assert next_working_day(dt.date(2026, 12, 31)) == dt.date(2027, 1, 4)


def test_naive_time_refused():
    with pytest.raises(ValueError):
        expected_answer_date(dt.datetime(2026, 11, 23, 9))


@pytest.mark.parametrize(
    "receives,open_,allowed",
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_may_message_service(receives, open_, allowed):
    assert may_message_service(receives, open_) is allowed
