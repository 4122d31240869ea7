import datetime as dt

import pytest

from app.i18n import date_and_time, file_size, full_date


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
