"""Screenshots of a help page and of the inbox in each language at desktop and phone
widths, for a person to look at.
Written to test-artifacts/screenshots/ at the project root (the README says so)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import log_in
from tests.fixtures.paths import ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
@pytest.mark.parametrize("screen", list(SIZES))
def test_screenshot_of_a_help_page(page, site_url, lang, screen):
    viewport = SIZES[screen]
    page.set_viewport_size(viewport)
    page.goto(f"{site_url}/{lang}/om-innboks/")
    page.evaluate("document.fonts.ready.then(() => true)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"om-innboks-{lang}-{screen}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")
    width, height = png_size(path)
    assert width == viewport["width"] and height >= viewport["height"], (width, height)


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_screenshots_of_the_inbox(page, inbox_url, inbox_database_url, lang):
    """The list and an appointment letter, at each width."""
    letter = patient_pages(inbox_database_url, LOOKS).letter
    log_in(page, inbox_url, lang, LOOKS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("innboks", ""), ("innboks-brev", f"{letter}/")):
        for screen, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            page.goto(f"{inbox_url}/{lang}/innboks/{path}")
            page.evaluate("document.fonts.ready.then(() => true)")
            target = SCREENSHOTS / f"{name}-{lang}-{screen}.png"
            page.screenshot(path=target, full_page=True, animations="disabled")
            width, height = png_size(target)
            assert width == viewport["width"] and height >= viewport["height"], (target.name, width, height)
            # Nothing wider than the screen: no sideways scrolling (WCAG 1.4.10).
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], target.name
