"""The current time, in one place so tests can set it."""
import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
