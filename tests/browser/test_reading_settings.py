"""Readers' own settings: WCAG's text spacing (1.4.12) cuts nothing off, and with forced
colours (Windows High Contrast) the focus indicator and the unread marker still show
(1.4.11, 2.4.7, 1.4.1), on the help pages and the inbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.db import make_engine
from app.inbox.models import Item
from app.patients.models import Patient
from tests.browser.every_page import every_page
from tests.browser.inbox_data import LOOKS
from tests.browser.inbox_pages import log_in
from tests.browser.live_server import serving_a_broken_page

#: The values of WCAG 2.2 SC 1.4.12, as the W3C's text-spacing bookmarklet applies them. An
#: adopted style sheet, as the Content-Security-Policy (style-src 'self') refuses a <style>
#: element a script adds, and the spacing would silently not apply; the letter spacing it
#: returns shows that it did.
TEXT_SPACING = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return getComputedStyle(document.body).letterSpacing;
}"""
#: Elements that cut their own text off: text that does not fit in a box that hides overflow.
CLIPPED = """() => {
  const clipped = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const hasText = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const style = getComputedStyle(e);
    const hides = [style.overflowX, style.overflowY].some(v => v === 'hidden' || v === 'clip');
    if (!hides) continue;
    // What is visually hidden on purpose (for screen readers) is 1 px and clipped by design.
    if (e.getBoundingClientRect().width <= 1) continue;
    const wide = e.scrollWidth - e.clientWidth > 1, tall = e.scrollHeight - e.clientHeight > 1;
    if (wide || tall) {
      const name = `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
      const sizes = (wide ? `width ${e.scrollWidth}>${e.clientWidth} ` : '') +
                    (tall ? `height ${e.scrollHeight}>${e.clientHeight}` : '');
      clipped.push(`${name} "${e.textContent.trim().slice(0, 40)}" (${sizes.trim()})`);
    }
  }
  return clipped;
}"""


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_cuts_nothing_off(page, site_url, built_site, inbox_servers, inbox_database_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for shown in every_page(page, site_url, built_site, inbox_servers, inbox_database_url, ("nb", "se")):
        assert page.evaluate(TEXT_SPACING) != "normal", f"{shown.name}: the text spacing did not apply"
        if clipped := page.evaluate(CLIPPED):
            problems.append(f"{shown.name}: {clipped[:4]}")
    assert not problems, "\n".join(problems)


def test_text_spacing_catches_text_it_cuts_off(page, tmp_path):
    """The same check fails on a line that fits its box until the spacing applies."""
    with serving_a_broken_page(tmp_path) as url:
        page.goto(url)
        assert page.evaluate(CLIPPED) == []
        assert page.evaluate(TEXT_SPACING) != "normal"
        clipped = page.evaluate(CLIPPED)
    assert len(clipped) == 1 and clipped[0].startswith("p.cut-off-by-spacing"), clipped


#: How the focused element is marked, as drawn in forced colours.
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          element: document.activeElement.outerHTML.slice(0, 80)};
}"""


def test_forced_colours_keep_the_focus_indicator_and_the_unread_marker(
    page, site_url, inbox_url, inbox_database_url
):
    page.emulate_media(forced_colors="active")
    problems = []
    log_in(page, inbox_url, "nb", LOOKS)
    for url in (
        f"{site_url}/nb/om-innboks/",
        f"{inbox_url}/nb/innboks/",
        f"{inbox_url}/nb/innboks/ny-melding/",
    ):
        page.goto(url)
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        for _ in range(12):
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            if ring["style"] in ("none", "hidden") or ring["width"] < 2:
                problems.append(f"{url}: no focus outline in forced colours on {ring['element']}")
    # Other tests open this patient's letters: make sure the first page has one unread.
    _mark_newest_unread(inbox_database_url, LOOKS)
    page.goto(f"{inbox_url}/nb/innboks/")
    # Forced colours drop backgrounds and text colours: unread must show in another way.
    marker = page.locator("tr.innboks-item--unread").first
    subject_weight = marker.locator("th a").evaluate("a => getComputedStyle(a).fontWeight")
    assert int(subject_weight) >= 700, "unread subjects are not bold in forced colours"
    assert marker.locator("td").last.inner_text().strip() == "Ulest"
    read = page.locator("tbody tr:not(.innboks-item--unread)").first
    assert int(read.locator("th a").evaluate("a => getComputedStyle(a).fontWeight")) < 700
    assert not problems, "\n".join(problems)


def _mark_newest_unread(database_url: str, patient_name: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        patient_id = connection.scalar(select(Patient.id).where(Patient.name == patient_name))
        newest = connection.scalar(
            select(Item.id).where(Item.patient_id == patient_id).order_by(Item.sent_at.desc()).limit(1)
        )
        connection.execute(update(Item).where(Item.id == newest).values(read_at=None))
    engine.dispose()
