"""Every word on a Sámi page is in an element marked with its language (WCAG 2.2 SC 3.1.1,
3.1.2): Sámi where the se catalog, Babel's Sámi dates or a Sámi page gave it, Norwegian
(lang="nb") where the page falls back, on the help pages and every inbox view.

A text node whose nearest lang is se may only hold Sámi words (from the se catalog's
translations and CLDR's Sámi month and day names), proper names (the site's, the page
owner's, and the people and organisations in the inbox) and numbers, URLs and signs.
A node marked nb must not be one of the catalog's Sámi strings."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel import Locale
from babel.support import Translations
from sqlalchemy import select

from app.db import make_engine
from app.i18n import LOCALES_DIR, native_name
from app.organisations.models import Organisation
from app.patients.models import Patient

#: Addresses and file types in any sentence: not words of a language.
NOT_WORDS = re.compile(r"https?://\S+|\b\S+@\S+\b|\b(?:application|image|text)/[\w.+-]+")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: Proper names the help pages use besides the inbox's people and organisations.
SITE_NAMES = ("Helsenorge Innboks", "Norsk helsenett")


def _words(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(NOT_WORDS.sub(" ", text))}


@cache
def sami_strings() -> frozenset[str]:
    """The se catalog's own translations (no fallbacks)."""
    catalog = Translations.load(str(LOCALES_DIR), ["se"])
    strings = []
    for value in getattr(catalog, "_catalog", {}).values():
        strings.append(re.sub(r"%\(\w+\)[sd]", " ", value))
    return frozenset(s for s in strings if s.strip())


@cache
def sami_words() -> frozenset[str]:
    words = set()
    for text in sami_strings():
        words |= _words(text)
    locale = Locale.parse("se")
    for names in (locale.months, locale.days):
        for context in names.values():
            for width in context.values():
                for name in width.values():
                    words |= _words(name)
    words |= _words(native_name("se"))
    return frozenset(words)


def name_words(database_url: str) -> frozenset[str]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        names = [*connection.scalars(select(Organisation.name)), *connection.scalars(select(Patient.name))]
    engine.dispose()
    words = set()
    for name in (*names, *SITE_NAMES):
        words |= _words(name)
    return frozenset(words)


def wrongly_marked(nodes, names: frozenset[str]) -> list[str]:
    problems = []
    allowed = sami_words() | names
    for lang, text, where in nodes:
        if lang is None:
            problems.append(f"{where}: {text[:60]!r} has no language")
        elif lang == "se" and (strangers := _words(text) - allowed):
            problems.append(f"{where}: {text[:60]!r} is marked se, but {sorted(strangers)[:5]} are not Sámi")
        elif lang.startswith("nb") and text in sami_strings():
            problems.append(f"{where}: {text[:60]!r} is Sámi but marked {lang}")
    return problems


def test_the_check_finds_norwegian_marked_sami_and_sami_marked_norwegian():
    """The rule itself, on nodes as the page script returns them: so the browser test can fail."""
    some_sami = next(iter(sami_strings()))
    nodes = [
        ["se", "Søk", "button"],
        ["se", some_sami, "p"],
        ["nb", some_sami, "p"],
        [None, "Innboks", "h1"],
        ["se", "Norsk helsenett, https://www.helsenorge.no/se/", "p"],
    ]
    problems = wrongly_marked(nodes, name_words_from(["Norsk helsenett"]))
    assert len(problems) == 3, problems
    assert "Søk" in problems[0] and "marked nb" in problems[1] and "no language" in problems[2]


def name_words_from(names) -> frozenset[str]:
    return frozenset(word for name in names for word in _words(name))


def test_every_word_on_a_sami_page_is_marked_with_its_language(every_page_checked, inbox_database_url):
    names = name_words(inbox_database_url)
    seen = every_page_checked.language_marks.nodes
    assert len(seen) == len([o for o in every_page_checked.walked.opened if o.lang == "se"]) > 0
    problems = [f"{where}: {problem}" for where, nodes in seen for problem in wrongly_marked(nodes, names)]
    assert not problems, f"{len(problems)} text nodes:\n" + "\n".join(problems[:60])


@pytest.fixture(autouse=True)
def _sami_catalog_has_strings():
    assert sami_strings(), "the se catalog has no translations: the check would check nothing"
