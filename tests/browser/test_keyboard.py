"""A keyboard user on a help page: skip link, visible focus, language switcher."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import PHONE
from tests.browser.keyboard import (
    first_tab_to_the_skip_link,
    focus_indicator_problem,
    follow_by_keyboard,
    tab_through_page,
    tab_to,
)

HELP_PAGE = "om-innboks/"
NATIVE_NAMES = {"nb": "Norsk bokmål", "en": "English", "se": "Davvisámegiella"}


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_first_tab_reaches_a_visible_skip_link_that_moves_to_the_content(page, site_url, lang):
    page.goto(f"{site_url}/{lang}/{HELP_PAGE}")
    skip = first_tab_to_the_skip_link(page, lang)

    target = skip.get_attribute("href")
    assert target.startswith("#"), target
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    heading = page.locator(f'[id="{target[1:]}"]')
    expect(heading).to_be_in_viewport()
    # The next Tab continues in the content after the target, past header and navigation.
    page.keyboard.press("Tab")
    where = heading.evaluate("""target => {
      const focused = document.activeElement;
      return {inArticle: !!focused.closest('article'),
              afterTarget: !!(target.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING)};
    }""")
    assert where == {"inArticle": True, "afterTarget": True}, where


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_every_focusable_element_shows_where_the_focus_is(page, site_url, lang):
    page.goto(f"{site_url}/{lang}/{HELP_PAGE}")
    seen = tab_through_page(page)
    problems = [problem for problem in map(focus_indicator_problem, seen) if problem]
    assert len(seen) > 10, seen
    assert not problems, "\n".join(problems)


def test_language_switcher_is_a_list_of_links_named_in_their_own_language(page, site_url):
    page.goto(f"{site_url}/nb/{HELP_PAGE}")
    switcher = page.locator(".md-select")
    switcher.get_by_role("button").focus()  # opens the menu, as hovering does
    expect(switcher).to_match_aria_snapshot(f"""
- button "Velg språk"
- list:
  - listitem:
    - link "{NATIVE_NAMES["nb"]}"
  - listitem:
    - link "{NATIVE_NAMES["en"]}"
  - listitem:
    - link "{NATIVE_NAMES["se"]}"
""")
    for lang, name in NATIVE_NAMES.items():
        link = switcher.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("hreflang", lang)
        expect(link).to_have_attribute("lang", lang)
        assert link.evaluate("a => a.href").endswith(f"/{lang}/{HELP_PAGE}")
    expect(switcher.locator("[aria-current]")).to_have_attribute("hreflang", "nb")


@pytest.mark.parametrize(("start", "goal"), [("nb", "en"), ("en", "se"), ("se", "nb")])
def test_language_switcher_works_with_the_keyboard(page, site_url, start, goal):
    page.goto(f"{site_url}/{start}/{HELP_PAGE}")
    switcher = page.locator(".md-select")
    tab_to(page, switcher.get_by_role("button"))
    for link in switcher.get_by_role("link").all():
        expect(link).to_be_visible()
    link = switcher.locator(f'a[hreflang="{goal}"]')
    tab_to(page, link, limit=5)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/{goal}/{HELP_PAGE}")
    expect(page.locator("html")).to_have_attribute("lang", goal)


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_404_page_has_a_skip_link_to_its_heading(page, site_url, lang):
    response = page.goto(f"{site_url}/{lang}/denne-siden-finnes-ikke/")
    assert response.status == 404
    first_tab_to_the_skip_link(page, lang)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_count(1)
    assert page.title().startswith(heading.inner_text() + " - "), page.title()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{heading.get_attribute('id')}$"))
    page.keyboard.press("Tab")  # continues after the heading: the link to the front page
    expect(page.locator("article a").first).to_be_focused()
    expect(page.locator("article a").first).to_have_attribute("href", f"/{lang}/")
    page.keyboard.press("Tab")  # then the site map
    expect(page.locator("article a").last).to_be_focused()
    expect(page.locator("article a").last).to_have_attribute("href", f"/{lang}/nettstedskart/")


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_site_map_is_reached_from_the_footer_and_has_a_skip_link_to_its_heading(page, site_url, lang):
    page.goto(f"{site_url}/{lang}/{HELP_PAGE}")
    follow_by_keyboard(page, page.locator(".innboks-site-map-link a"), limit=80)
    expect(page).to_have_url(f"{site_url}/{lang}/nettstedskart/")
    first_tab_to_the_skip_link(page, lang)
    heading = page.get_by_role("heading", level=1)
    assert page.title().startswith(heading.inner_text() + " - "), page.title()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{heading.get_attribute('id')}$"))
    page.keyboard.press("Tab")  # continues after the heading: the first page of the site map
    expect(page.locator("ul.innboks-site-map a").first).to_be_focused()


@pytest.mark.parametrize("lang,name", [("nb", "Navigasjon"), ("en", "Navigation")])
def test_phone_navigation_opens_by_keyboard(page, site_url, lang, name):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/{lang}/{HELP_PAGE}")
    menu = page.get_by_role("button", name=name, exact=True)
    tab_to(page, menu)
    expect(page.locator("#__drawer")).not_to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator("#__drawer")).to_be_checked()
    # The drawer's links come next in the Tab order and are visible.
    link = page.locator("nav.md-nav--primary a.md-nav__link").first
    expect(link).to_be_visible()
