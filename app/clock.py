"""The current time, in one place, and Norway's time zone: every date a reader
sees is the date in Norway.

Every "now" in the app (deliveries, what patients write, demo data, model
defaults, the help site's dates) comes from :func:`now`, so :func:`frozen_at`
moves all of them at once: tests set the time with it, and ``make run`` could
show the demo inbox on another day with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

NORWAY = ZoneInfo("Europe/Oslo")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """This moment, timezone-aware, in UTC."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in Norway."""
    return now().astimezone(NORWAY).date()


@contextlib.contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Within the block, :func:`now` is ``moment``."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("a frozen time must be timezone-aware")
    previous, _frozen = _frozen, moment.astimezone(dt.UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
