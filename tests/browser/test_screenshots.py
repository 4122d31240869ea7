"""Screenshots for a person to look at: a help page, the inbox list, a letter and the reply
form with its errors, in nb and se, at each width the suite checks and at 1280 px zoomed to
400 %. Written to test-artifacts/screenshots/ at the project root (the README says so);
each is checked to be as wide as its screen and not to scroll sideways (WCAG 1.4.10)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.browser.chromium import SCREENS
from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import log_in, send_late_reply_without_accepting_the_fee
from tests.fixtures.paths import ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
#: Every screen the suite checks but 1000 px, which only the Tab-order test needs.
SHOT_SCREENS = {name: screen for name, screen in SCREENS.items() if name != "1000"}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("screen", list(SHOT_SCREENS))
@pytest.mark.parametrize("lang", ["nb", "se"])
def test_screenshots(browser, browser_context_args, site_url, inbox_url, inbox_database_url, lang, screen):
    viewport, scale = SHOT_SCREENS[screen]
    context = browser.new_context(
        **{**browser_context_args, "viewport": viewport, "device_scale_factor": scale}
    )
    page = context.new_page()
    ids = patient_pages(inbox_database_url, LOOKS)
    log_in(page, inbox_url, lang, LOOKS)
    views = [
        ("hjelp", f"{site_url}/{lang}/om-innboks/", None),
        ("innboks", f"{inbox_url}/{lang}/innboks/", None),
        ("brev", f"{inbox_url}/{lang}/innboks/{ids.letter}/", None),
        (
            "svar-med-feil",
            f"{inbox_url}/{lang}/innboks/{ids.late_letter}/svar/",
            send_late_reply_without_accepting_the_fee,
        ),
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, url, then in views:
            page.goto(url)
            if then is not None:
                with page.expect_navigation():
                    then(page)
            page.evaluate("document.fonts.ready.then(() => true)")
            target = SCREENSHOTS / f"{name}-{lang}-{screen}.png"
            page.screenshot(path=target, full_page=True, animations="disabled")
            width, height = png_size(target)
            assert width == viewport["width"] * scale and height >= viewport["height"] * scale, (
                target.name,
                width,
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], target.name
    finally:
        context.close()
