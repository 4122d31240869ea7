"""The current time, in one place so tests can set it, and Norway's time zone:
every date a reader sees is the date in Norway."""
import datetime as dt
from zoneinfo import ZoneInfo

NORWAY = ZoneInfo("Europe/Oslo")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in Norway."""
    return dt.datetime.now(NORWAY).date()
