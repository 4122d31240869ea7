"""Phones, tablets and zoom: nothing scrolls sideways at any width down to 320 CSS px (WCAG
1.4.10); every Tab stop is on screen and uncovered, and below Material's breakpoints none lands
in the closed navigation drawer or the folded search (2.4.3, 2.4.7, 2.4.11), on the help pages
and the inbox, at 320, 390, 768, 1000 and 1280 px and at 1280 px zoomed to 400 %."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import SCREENS
from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import log_in
from tests.browser.live_server import serving_a_broken_page
from tests.browser.page_checks import SIDEWAYS_WIDTHS, check_one_page

#: Where the focus is: inside the drawer or the search, and where on screen.
WHERE_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const box = e.getBoundingClientRect();
  return {
    element: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`,
    inDrawer: !!e.closest('.md-sidebar--primary'),
    inSearch: !!e.closest('.md-search'),
    inHeader: !!e.closest('.md-header'),
    left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width, height: box.height,
    viewportHeight: window.innerHeight,
    coveredBy: (() => {
      // What is drawn at the middle of the element's top edge: the element, or what covers it
      // (the sticky header, WCAG 2.4.11).
      const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
      const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 4), 0), window.innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      const labelled = e.labels && [...e.labels].some(l => l.contains(hit));
      if (!hit || e.contains(hit) || hit.contains(e) || labelled) return null;
      return `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}`;
    })(),
  };
}"""


def tab_stops(page, limit: int = 150) -> list[dict]:
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(WHERE_FOCUS)
        if where is None or (stops and where["element"] == stops[0]["element"]):
            return stops
        stops.append(where)
    return stops


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_tab_stop_is_on_screen_and_none_in_the_closed_drawer_or_search(
    browser, browser_context_args, site_url, inbox_url, inbox_database_url, screen
):
    viewport, scale = SCREENS[screen]
    width = viewport["width"]
    context = browser.new_context(
        **{**browser_context_args, "viewport": viewport, "device_scale_factor": scale}
    )
    page = context.new_page()
    log_in(page, inbox_url, "nb", LOOKS)
    letter = patient_pages(inbox_database_url, LOOKS).letter
    problems = []
    pages = (
        f"{site_url}/nb/om-innboks/",
        f"{site_url}/en/",
        f"{inbox_url}/nb/innboks/",
        f"{inbox_url}/se/innboks/{letter}/svar/",
    )
    for url in pages:
        page.goto(url)
        for stop in tab_stops(page):
            # Material's breakpoints: the drawer below 76.25em (1220 px), the folded search below 60em.
            if (stop["inDrawer"] and width < 1220) or (stop["inSearch"] and width < 960):
                problems.append(f"{url}: {stop['element']} is in the closed drawer or search")
            elif stop["width"] and (stop["right"] > width + 1 or stop["left"] < -1):
                problems.append(
                    f"{url}: {stop['element']} is off screen ({stop['left']:.0f}–{stop['right']:.0f})"
                )
            elif stop["height"] and stop["coveredBy"]:
                # WCAG 2.4.11: nothing (the sticky header above all) covers what has focus.
                problems.append(f"{url}: {stop['element']} is covered by {stop['coveredBy']}")
            elif stop["height"] and stop["top"] >= stop["viewportHeight"]:
                problems.append(f"{url}: {stop['element']} is below the window (top {stop['top']:.0f})")
    context.close()
    assert not problems, "\n".join(problems)


def test_an_opened_drawer_is_reachable_and_closes_again(page, site_url):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site_url}/nb/om-innboks/")
    drawer = page.locator(".md-sidebar--primary")
    # expect() waits a while for each: the page hears of a new width from a media query's
    # change event, which comes with the next frame, not with the resize itself.
    expect(drawer).to_have_js_property("inert", True)
    page.get_by_role("button", name="Navigasjon", exact=True).click()
    expect(drawer).to_have_js_property("inert", False)
    page.locator("#__drawer").evaluate("t => t.click()")
    expect(drawer).to_have_js_property("inert", True)
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(drawer).to_have_js_property("inert", False)  # a sidebar on wide screens


@pytest.mark.parametrize("width", SIDEWAYS_WIDTHS)
def test_nothing_scrolls_sideways(every_page_checked, width):
    sideways, opened = every_page_checked.sideways, every_page_checked.walked.opened
    assert sideways.views[width] == len(opened) > 0
    assert not sideways.wide[width], "\n".join(sideways.wide[width])


def test_the_sideways_check_catches_a_wide_page(page, tmp_path, axe_js, ace_js):
    """The same check fails at each width on what is wider than the window there, after the
    window was narrowed from 1280 px: a page laid out again, not measured as first drawn."""
    with serving_a_broken_page(tmp_path) as url:
        wide = check_one_page(page, url, axe_js, ace_js).sideways.wide
    assert len(wide[1280]) == 1 and "p.wider-than-a-desktop" in wide[1280][0], wide
    assert "wider-than-a-tablet" not in wide[1280][0]
    for width in (768, 320):
        assert len(wide[width]) == 1 and "the page scrolls" in wide[width][0], wide
        assert "p.wider-than-a-tablet by" in wide[width][0], wide
        assert "p.wider-than-a-desktop by" in wide[width][0], wide
