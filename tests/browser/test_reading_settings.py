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

#: The values of WCAG 2.2 SC 1.4.12, as the W3C's text-spacing bookmarklet applies them.
TEXT_SPACING = """() => {
  const style = document.createElement('style');
  style.textContent = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;
  document.head.append(style);
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
        page.evaluate(TEXT_SPACING)
        if clipped := page.evaluate(CLIPPED):
            problems.append(f"{shown.name}: {clipped[:4]}")
    assert not problems, "\n".join(problems)


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
