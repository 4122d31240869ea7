"""The translation status of the fixture pages: an up-to-date, an old and a missing translation."""

import datetime as dt
from pathlib import Path

from app.helpsite.build.status_page import status_html
from app.helpsite.content_check.site_settings import load_settings
from app.helpsite.content_check.status import (
    MISSING,
    OLDER,
    SOURCE,
    UP_TO_DATE,
    next_to_translate,
    translation_status,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "content_check"


def rows():
    return translation_status(FIXTURE / "content", load_settings(FIXTURE / "mkdocs.yml"))


def test_every_page_in_navigation_order():
    nav = load_settings(FIXTURE / "mkdocs.yml").nav_pages
    assert [row.rel for row in rows()] == list(nav)


def test_up_to_date_older_and_missing():
    by_page = {row.rel: row.versions for row in rows()}
    assert (by_page["index.md"]["nb"].state, by_page["index.md"]["en"].state) == (SOURCE, UP_TO_DATE)
    older = by_page["oversatt.md"]["en"]
    assert (older.state, older.updated) == (OLDER, dt.date(2024, 1, 15))
    assert by_page["oversatt.md"]["nb"].updated == dt.date(2024, 5, 1)
    assert by_page["kun-norsk.md"]["en"] == by_page["kun-norsk.md"]["se"]
    assert by_page["kun-norsk.md"]["en"].state == MISSING
    assert by_page["tung-tekst.md"]["nb"].lix == 90
    assert by_page["kun-norsk.md"]["nb"].lix is None  # under 50 words: no score


def test_a_translator_takes_the_pages_in_navigation_order():
    todo = next_to_translate(rows(), "en")
    assert "index.md" not in todo and todo.index("kun-norsk.md") < todo.index("oversatt.md")


def test_the_page_shows_both_dates_of_an_old_translation():
    page = status_html(FIXTURE / "content", FIXTURE / "mkdocs.yml")
    assert "older than nb: 2024-01-15 (nb 2024-05-01)" in page
    assert '<td class="missing">missing</td>' in page
    assert "up to date, 2024-03-01" in page
    assert "LIX 90" in page
