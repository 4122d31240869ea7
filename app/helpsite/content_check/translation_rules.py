"""Rules between a page and its translations."""

from __future__ import annotations

import datetime as dt

from app.helpsite.content_check.content_tree import ContentTree, Page
from app.helpsite.content_check.sources import Problem
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_name


def orphan_problem(tree: ContentTree, lang: str, rel: str) -> Problem | None:
    """A translation is published only over its nb source; without one it would vanish."""
    if lang == DEFAULT_LANGUAGE or rel in tree.paths[DEFAULT_LANGUAGE]:
        return None
    return Problem(
        tree.paths[lang][rel],
        1,
        f"translation without a source: there is no {tree.name(DEFAULT_LANGUAGE, rel)} to translate. "
        "Give the file the same name as the Norwegian page it translates, or add that page first.",
    )


def _date(page: Page | None) -> dt.date | None:
    value = page.meta.get("last_updated") if page and page.meta else None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def outdated_problem(tree: ContentTree, page: Page) -> Problem | None:
    """A translation last updated before its source probably misses the source's changes."""
    if page.lang == DEFAULT_LANGUAGE:
        return None
    translated, source = _date(page), _date(tree.source_of(page.rel))
    if translated is None or source is None or translated >= source:
        return None
    return Problem(
        page.path,
        page.field_lines.get("last_updated", 1),
        f"the translation may be out of date: its last_updated is {translated.isoformat()}, but "
        f"the Norwegian page {tree.name(DEFAULT_LANGUAGE, page.rel)} was updated "
        f"{source.isoformat()}. Bring the text up to date, then set last_updated to that day.",
        "warning",
    )


def missing_translations(tree: ContentTree, rel: str) -> list[Problem]:
    """Languages an nb page is not translated into (readers there get the nb page)."""
    missing = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE and rel not in tree.paths[lang]]
    return [
        Problem(
            tree.paths[DEFAULT_LANGUAGE][rel],
            1,
            f"not translated into {language_name(lang, 'en')} ({lang}) yet: readers of the "
            f"{lang} site get this Norwegian page",
            "info",
        )
        for lang in missing
    ]
