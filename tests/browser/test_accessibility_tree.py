"""What a screen reader gets: landmarks, one h1, the language of a fallback body, the inbox's table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.inbox_data import LOOKS
from tests.browser.inbox_pages import log_in

HELP_PAGE = "om-innboks/"
TITLES = {"nb": "Om Innboks", "en": "About Inbox", "se": "Om Innboks"}


def expect_landmarks(page, heading: str, *in_article: str, footer_navigation: bool = True) -> None:
    """One banner, main and contentinfo, each with its navigation (an inbox page's footer has
    none: no Previous/Next of the help pages), and an article in main that starts with the
    h1 `heading` and holds the roles `in_article` after it."""
    after_heading = "".join(f"\n    - {role}" for role in in_article)
    footer = "\n  - navigation" if footer_navigation else ""
    # Material puts the sidebars' navigation inside <main>; the snapshot says so.
    expect(page.locator("body")).to_match_aria_snapshot(f"""
- banner:
  - navigation
- main:
  - navigation
  - article:
    - heading "{heading}" [level=1]{after_heading}
- contentinfo{":" if footer else ""}{footer}
""")
    for role in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(role)).to_have_count(1)


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_help_page_has_landmarks_and_one_h1(page, site_url, lang):
    page.goto(f"{site_url}/{lang}/{HELP_PAGE}")
    expect_landmarks(page, TITLES[lang])
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_se_fallback_body_is_marked_as_norwegian(page, site_url):
    page.goto(f"{site_url}/se/{HELP_PAGE}")
    expect(page.locator("html")).to_have_attribute("lang", "se")
    expect(page.locator("article").get_by_role("note")).to_be_visible()
    languages = page.locator("article").evaluate("""article => {
      const langOf = element => element.closest('[lang]').getAttribute('lang');
      const h1 = article.querySelector('h1');
      const holder = h1.closest('[lang]');
      return {
        holder: holder.tagName.toLowerCase(),
        holderLang: holder.getAttribute('lang'),
        holderInArticle: article.contains(holder) && holder !== article,
        heading: langOf(h1),
        paragraphs: [...holder.querySelectorAll('p')].map(langOf),
        notice: langOf(article.querySelector('[role=note]')),
      };
    }""")
    assert languages["holderLang"] == "nb" and languages["holderInArticle"], languages
    assert languages["heading"] == "nb"
    assert languages["paragraphs"] and set(languages["paragraphs"]) == {"nb"}, languages
    # The notice is page chrome, but se has no text for it yet: its Norwegian text is marked nb.
    assert languages["notice"] == "nb", languages


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_inbox_list_has_landmarks_one_h1_and_a_table_with_caption_and_headers(page, inbox_url, lang):
    log_in(page, inbox_url, lang, LOOKS)
    page.goto(f"{inbox_url}/{lang}/innboks/")
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    assert page.title().startswith(h1.inner_text() + " - "), (page.title(), h1.inner_text())
    expect_landmarks(page, h1.inner_text(), "table", "navigation", footer_navigation=False)

    table = page.get_by_role("table")
    caption = table.locator("caption").inner_text()
    assert caption.strip()
    for viewport in (DESKTOP, PHONE):  # on a phone the rows are stacked blocks, still a table
        page.set_viewport_size(viewport)
        expect(table).to_have_accessible_name(caption)
        expect(table.get_by_role("columnheader")).to_have_count(5)
        rows = table.get_by_role("row")
        expect(rows).to_have_count(1 + 5)  # the header row and a page of five items
        for row in rows.all()[1:]:
            expect(row.get_by_role("rowheader")).to_have_count(1)
            expect(row.get_by_role("cell")).to_have_count(4)
            expect(row.get_by_role("rowheader").get_by_role("link")).to_be_visible()
