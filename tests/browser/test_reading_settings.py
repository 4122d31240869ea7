"""Readers' own settings: WCAG's text spacing (1.4.12) cuts nothing off, and with forced
colours (Windows High Contrast) the focus indicator and the unread marker still show
(1.4.11, 2.4.7, 1.4.1), on the help pages and the inbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.db import make_engine
from app.inbox.models import Item
from app.patients.models import Patient
from tests.browser.inbox_data import LOOKS
from tests.browser.inbox_pages import log_in
from tests.browser.live_server import serving_a_broken_page
from tests.browser.page_checks import CLIPPED, TEXT_SPACING_LANGS, TEXT_SPACING_WIDTHS, check_one_page


@pytest.mark.parametrize("width", TEXT_SPACING_WIDTHS)
def test_text_spacing_cuts_nothing_off(every_page_checked, width):
    spacing, opened = every_page_checked.text_spacing, every_page_checked.walked.opened
    assert spacing.views[width] == len([o for o in opened if o.lang in TEXT_SPACING_LANGS]) > 0
    assert not spacing.not_applied, f"the text spacing did not apply on {spacing.not_applied}"
    assert not spacing.clipped[width], "\n".join(spacing.clipped[width])


def test_text_spacing_catches_text_it_cuts_off(page, tmp_path, axe_js, ace_js):
    """The same check fails on a line that fits its box until the spacing applies."""
    with serving_a_broken_page(tmp_path) as url:
        page.goto(url)
        assert page.evaluate(CLIPPED) == []
        spacing = check_one_page(page, url, axe_js, ace_js).text_spacing
    assert not spacing.not_applied
    for width in TEXT_SPACING_WIDTHS:
        clipped = spacing.clipped[width]
        assert len(clipped) == 1 and "p.cut-off-by-spacing" in clipped[0], spacing.clipped


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
