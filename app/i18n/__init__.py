"""The portal's languages and the shared Babel catalogs in ``locales/``.

Both the MkDocs build of the help site and the Flask app read their strings
through :func:`translations`, so a string is translated once for both.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import (
    DateTimeFormat,
    DateTimePattern,
    format_date,
    get_date_format,
    get_datetime_format,
    get_time_format,
    parse_pattern,
)
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from app.clock import NORWAY

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"

#: nb is the default and the source language of every help page.
DEFAULT_LANGUAGE = "nb"
LANGUAGES = ("nb", "en", "se")

#: Where a string missing in one catalog is looked up next. msgids are English,
#: so the end of every chain is the English text.
FALLBACK_CHAIN = {"se": ("se", "nb", "en"), "nb": ("nb", "en"), "en": ("en",)}


def native_name(lang: str) -> str:
    """The language's name in itself (CLDR), e.g. ``davvisámegiella`` for se."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def language_name(lang: str, in_language: str) -> str:
    """The name of ``lang`` written in ``in_language`` (CLDR), e.g. nordsamisk."""
    return Locale.parse(in_language).languages[lang]


@functools.cache
def translations(lang: str) -> NullTranslations:
    """Gettext translations for ``lang`` that fall back along FALLBACK_CHAIN."""
    if lang not in FALLBACK_CHAIN:
        raise ValueError(f"Unsupported language {lang!r}; expected one of {LANGUAGES}")
    head: Translations | None = None
    for code in FALLBACK_CHAIN[lang]:
        # A fresh load per chain: add_fallback mutates, and nb is also se's fallback.
        loaded = Translations.load(str(LOCALES_DIR), [code])
        if not isinstance(loaded, Translations):
            raise FileNotFoundError(
                f"No compiled catalog for '{code}' in {LOCALES_DIR}; run `make catalogs`."
            )
        if head is None:
            head = loaded
        else:
            head.add_fallback(loaded)
    assert head is not None  # every chain has at least its own language
    return head


@functools.cache
def _translated_ids(code: str) -> frozenset:
    loaded = Translations.load(str(LOCALES_DIR), [code])
    return frozenset(getattr(loaded, "_catalog", {}))


def text_language(msgid: str | tuple[str, int], lang: str) -> str:
    """The language the text shown for ``msgid`` on a ``lang`` page is really in:
    a Sámi page shows Norwegian where the se catalog has no translation yet, and
    that text must be marked lang="nb" (WCAG 2.1 SC 3.1.2). A plural string is
    ``(singular msgid, 0)``, as Babel keys it."""
    for code in FALLBACK_CHAIN[lang]:
        if code == "en" or msgid in _translated_ids(code):
            return code
    return "en"


def full_date(value: dt.date, lang: str) -> str:
    """The date as the language writes it in full, e.g. ``Friday, July 22, 2022``."""
    return format_date(value, "full", locale=lang)


DateFormat = Literal["full", "long", "medium", "short"]


#: Pattern letters whose text depends on one part of the time alone, and that part: the
#: year's digits on the year, a month's name on the month, am/pm on the hour's half of the day.
_DEPENDS_ON: dict[str, Callable[[dt.datetime], object]] = {
    "y": operator.attrgetter("year"),
    "M": operator.attrgetter("month"),
    "L": operator.attrgetter("month"),
    "d": operator.attrgetter("day"),
    "E": dt.datetime.weekday,
    "a": lambda value: value.hour >= 12,
    "H": operator.attrgetter("hour"),
    "h": operator.attrgetter("hour"),
    "K": operator.attrgetter("hour"),
    "k": operator.attrgetter("hour"),
    "m": operator.attrgetter("minute"),
}
_FIELD = re.compile(r"%\((\w+)\)s")


class _RememberingPattern:
    """A parsed Babel pattern that keeps each field's text per the part of the time it depends
    on (a month's name per month, …), asked of Babel the first time that part is seen: Babel's
    text, without Babel's formatter and locale lookups for every date (a list page shows 25)."""

    def __init__(self, pattern: DateTimePattern, locale: Locale):
        self.format, self.locale = str(pattern.format), locale
        self.fields: list[tuple[str, Callable[[dt.datetime], object] | None, dict[object, str]]] = [
            (name, _DEPENDS_ON.get(name[0]), {}) for name in _FIELD.findall(self.format)
        ]

    def apply(self, value: dt.datetime) -> str:
        texts = {}
        for name, part, known in self.fields:
            key = part(value) if part is not None else None
            text = known.get(key) if part is not None else None
            if text is None:
                text = DateTimeFormat(value, self.locale)[name]
                if part is not None:
                    known[key] = text
            texts[name] = text
        return self.format % texts


@functools.cache
def _date_and_time_patterns(lang: str, date_format: DateFormat):
    # Babel parses the locale's patterns on every call (some 90 µs a date; a list page shows
    # 25); parsed once, a date took 6 µs, and with each field's texts kept, 2 µs. The output
    # is Babel's format_date/format_time's.
    locale = Locale.parse(lang)
    return (
        str(get_datetime_format(date_format, locale=locale)),
        _RememberingPattern(parse_pattern(str(get_date_format(date_format, locale=locale))), locale),
        _RememberingPattern(parse_pattern(str(get_time_format("short", locale=locale))), locale),
    )


def date_and_time(value: dt.datetime, lang: str, date_format: DateFormat = "medium") -> str:
    """A point in time as the language writes it, in Norwegian time, to the minute:
    nb ``21. nov. 2026, 19:14``, en ``Nov 21, 2026, 7:14 PM``."""
    local = value.astimezone(NORWAY)
    combined, date_pattern, time_pattern = _date_and_time_patterns(lang, date_format)
    return combined.replace("{1}", date_pattern.apply(local)).replace("{0}", time_pattern.apply(local))


def file_size(size: int, lang: str) -> str:
    """A file's size as the language writes numbers: nb ``1,5 MB``, en ``1.5 MB``."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{format_decimal(size / scale, format='#,##0.#', locale=lang)}\u00a0{unit}"
    return f"{format_decimal(size, locale=lang)}\u00a0B"
