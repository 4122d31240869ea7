import datetime as dt

import pytest
from babel.dates import format_date, format_time, get_datetime_format
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import NORWAY
from app.i18n import LANGUAGES, date_and_time, file_size, full_date


@pytest.mark.parametrize(
    "lang,expected", [("nb", "1,5\u00a0MB"), ("en", "1.5\u00a0MB"), ("se", "1,5\u00a0MB")]
)
def test_file_size(lang, expected):
    assert file_size(1_500_000, lang) == expected


def test_small_sizes():
    assert file_size(633, "nb") == "633\u00a0B"
    assert file_size(2_400, "en") == "2.4\u00a0kB"


@pytest.mark.parametrize(
    "lang,expected",
    [("nb", "20. nov. 2026, 10:00"), ("en", "Nov 20, 2026, 10:00\u202fAM"), ("se", "2026 skáb 20 10:00")],
)
def test_date_and_time_in_norwegian_time(lang, expected):
    assert date_and_time(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), lang) == expected


def test_full_date():
    assert full_date(dt.date(2022, 7, 22), "en") == "Friday, July 22, 2022"


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(
        min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
    ),
    st.sampled_from(LANGUAGES),
    st.sampled_from(["full", "long", "medium", "short"]),
)
def test_date_and_time_is_what_babel_writes(value, lang, date_format):
    """The parsed patterns are kept between calls (for speed); the text is Babel's own."""
    local = value.astimezone(NORWAY)
    babel_says = (
        str(get_datetime_format(date_format, locale=lang))
        .replace("{1}", format_date(local, date_format, locale=lang))
        .replace("{0}", format_time(local, "short", locale=lang))
    )
    assert date_and_time(value, lang, date_format) == babel_says
