"""Where each page stands in each language: the translation status the team reads
(``make preview`` at /_status/, and ``make site`` writes it beside the site).

Pages come in navigation order, so the first page not up to date in a language is
the one a translator takes next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.helpsite.content_check.content_tree import ContentTree, Page
from app.helpsite.content_check.site_settings import SiteSettings
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

UP_TO_DATE, OLDER, MISSING, SOURCE = "up to date", "older than nb", "missing", "source"


@dataclass(frozen=True)
class Version:
    state: str  # SOURCE for nb, else UP_TO_DATE, OLDER or MISSING
    updated: dt.date | None
    lix: int | None  # None when missing, or too short for a score


@dataclass(frozen=True)
class PageStatus:
    rel: str
    title: str
    versions: dict[str, Version]  # by language


def _date(page: Page | None) -> dt.date | None:
    value = page.meta.get("last_updated") if page and page.meta else None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _lix(page: Page) -> int | None:
    score = page.facts.readability if page.facts else None
    return round(score.value) if score and score.meaningful else None


def translation_status(content_root: Path, settings: SiteSettings) -> list[PageStatus]:
    """Every nb page with each language's version, in navigation order (pages outside it last)."""
    tree = ContentTree(content_root, settings)
    sources = tree.paths[DEFAULT_LANGUAGE]
    in_nav = [rel for rel in settings.nav_pages or () if rel in sources]
    order = in_nav + sorted(rel for rel in sources if rel not in in_nav)
    rows = []
    for rel in order:
        source = tree.source_of(rel)
        assert source is not None, "one of the tree's own paths"
        source_date = _date(source)
        versions = {DEFAULT_LANGUAGE: Version(SOURCE, source_date, _lix(source))}
        for lang in LANGUAGES:
            if lang == DEFAULT_LANGUAGE:
                continue
            page = tree.page(lang, rel)
            if page is None:
                versions[lang] = Version(MISSING, None, None)
                continue
            updated = _date(page)
            older = updated is not None and source_date is not None and updated < source_date
            versions[lang] = Version(OLDER if older else UP_TO_DATE, updated, _lix(page))
        title = source.meta.get("title") if source.meta else None
        rows.append(PageStatus(rel, str(title or rel), versions))
    return rows


def next_to_translate(rows: list[PageStatus], lang: str) -> list[str]:
    """The pages a translator of ``lang`` takes, in order: missing or older than nb."""
    return [row.rel for row in rows if row.versions[lang].state in (MISSING, OLDER)]
