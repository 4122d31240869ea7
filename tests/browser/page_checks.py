"""The checks that look at each page as its reader left it, run on one visit of every page
instead of a walk each: axe at 1280 and 390 px, the second engine (ibm.py) at 1280 px,
nothing sideways at 1280, 768 and 320 px, and what the page asked of other origins.

A page is opened at 1280 px and then resized, widest first, as axe already did for 390 px:
the same document, so a sent form stays sent. Each check keeps its own findings, and its own
test asserts on them alone (test_axe.py, test_ibm_checker.py, test_narrow_screens.py,
test_own_origin.py), so a failure still names the check. Their broken-page tests run the
same PageChecks.look on a broken page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.browser.axe import describe as describe_axe
from tests.browser.axe import run_axe
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.every_page import Opened, Walked, every_page_at_its_address
from tests.browser.ibm import KNOWN_FALSE_POSITIVES, FalsePositive, run_ibm
from tests.browser.ibm import describe as describe_ibm
from tests.browser.own_origin import OUR_FONTS, Recorder

#: How far the page reaches past the window's right edge: by scrolling, or by an element that
#: sticks out of a box that clips it (cut off is no better than scrolled).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const past = [...document.querySelectorAll('article *, .md-header *, .md-footer *')]
    .filter(e => e.checkVisibility({visibilityProperty: true}))
    .map(e => [e, Math.ceil(e.getBoundingClientRect().right - width)])
    .filter(([e, by]) => by > 0)
    .map(([e, by]) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} by ${by} px`);
  const scrolled = document.documentElement.scrollWidth - width;
  return scrolled > 0 ? [`the page scrolls ${scrolled} px`, ...past] : past;
}"""
#: 320 is also 1280 at 400 %; 390 lies between.
SIDEWAYS_WIDTHS = (1280, 768, 320)


class AxeFindings:
    """What axe found over many page views, at desktop and phone widths."""

    viewports = (DESKTOP, PHONE)

    def __init__(self, axe_js: str):
        self.axe_js, self.failures, self.rules, self.versions, self.views = axe_js, [], set(), set(), 0
        self.violations: dict[tuple[str, int], list[dict]] = {}  # (page, width) -> axe's violations

    def look(self, page, where: str, viewport: dict) -> None:
        result = run_axe(page, self.axe_js)
        self.views += 1
        self.rules |= result.rules
        self.versions.add(result.version)
        if result.violations:
            self.violations[where, viewport["width"]] = result.violations
            self.failures.append(f"{where} at {viewport['width']}px:\n{describe_axe(result.violations)}")


class IbmFindings:
    """What the second engine found over many page views, at desktop width."""

    viewports = (DESKTOP,)

    def __init__(self, ace_js: str, known: tuple[FalsePositive, ...] = KNOWN_FALSE_POSITIVES):
        self.ace_js, self.known_false_positives = ace_js, known
        self.failures, self.views, self.rules = [], 0, set()
        self.violations: dict[str, list[dict]] = {}  # page -> the engine's violations
        self.others: Counter = Counter()
        self.known: Counter = Counter()  # rule -> violations matched by the known false positives
        self.known_seen: set[FalsePositive] = set()

    def look(self, page, where: str, viewport: dict) -> None:
        result = run_ibm(page, self.ace_js, self.known_false_positives)
        self.views += 1
        self.rules |= result.rules
        self.others += result.others
        self.known_seen |= {item["known"] for item in result.known}
        self.known += Counter(item["rule"] for item in result.known)
        if result.violations:
            self.violations[where] = result.violations
            self.failures.append(f"{where}:\n{describe_ibm(result.violations)}")


class SidewaysFindings:
    """What reached past the window's right edge, by width (WCAG 1.4.10)."""

    viewports = tuple({"width": width, "height": 640} for width in SIDEWAYS_WIDTHS)

    def __init__(self):
        self.wide: dict[int, list[str]] = {width: [] for width in SIDEWAYS_WIDTHS}
        self.views: Counter = Counter()  # width -> pages looked at

    def look(self, page, where: str, viewport: dict) -> None:
        self.views[viewport["width"]] += 1
        if past := page.evaluate(SIDEWAYS):
            self.wide[viewport["width"]].append(f"{where}: {past[:5]}")


class PageChecks:
    """Every check above on each page opened in ``page``, served at ``base_url``."""

    def __init__(self, page, base_url: str, axe_js: str, ace_js: str):
        self.page, self.base_url = page, base_url
        # Before the first page opens: its init script only reaches documents created after it.
        self.own_origin = Recorder(page)
        self.axe, self.ibm, self.sideways = AxeFindings(axe_js), IbmFindings(ace_js), SidewaysFindings()
        self.walked = Walked()
        self.fonts_loaded = 0  # help pages whose visit fetched our Roboto
        checks = (self.axe, self.ibm, self.sideways)
        viewports = [v for check in checks for v in check.viewports]
        # Widest first, each once, so a page is resized as few times as the checks allow.
        self._viewports = sorted(
            (v for i, v in enumerate(viewports) if v not in viewports[:i]), key=lambda v: -v["width"]
        )
        self._checks = checks

    def before_opening(self) -> None:
        self.own_origin.start()

    def look(self, opened: Opened) -> None:
        """Runs every check on the page as opened, which is in DESKTOP's viewport."""
        page, where = self.page, opened.name
        self.walked.opened.append(opened)
        if opened.unexpected:
            self.walked.wrong.append(f"{where}: {opened.unexpected}")
        self.own_origin.settle(where)
        if opened.kind == "help" and not page.evaluate("document.fonts.check('16px Roboto')"):
            self.own_origin.problems.append(f"{where}: no Roboto")
        for viewport in self._viewports:
            page.set_viewport_size(viewport)
            for check in self._checks:
                if viewport in check.viewports:
                    check.look(page, where, viewport)
        # Last, so what the page asks for while resized counts too. The checkers, run through
        # the DevTools protocol, asked for nothing and were refused nothing on any page here.
        self.own_origin.check(where, self.base_url)
        if opened.kind == "help":
            self.fonts_loaded += any(OUR_FONTS in request for request in self.own_origin.requests)


def check_every_page(
    page,
    site: Path,
    port: int,
    inbox_server_configs: dict[str, dict],
    inbox_database_url: str,
    axe_js: str,
    ace_js: str,
) -> PageChecks:
    """Every page at the address ``site`` was built for, each visited once, every check on it."""
    checks = PageChecks(page, f"http://127.0.0.1:{port}", axe_js, ace_js)
    for opened in every_page_at_its_address(
        page, site, port, inbox_server_configs, inbox_database_url, DESKTOP, checks.before_opening
    ):
        checks.look(opened)
    return checks


def check_one_page(page, url: str, axe_js: str, ace_js: str, where: str = "broken page") -> PageChecks:
    """Every check on the page at ``url``, the way check_every_page runs them on each page."""
    checks = PageChecks(page, url, axe_js, ace_js)
    checks.before_opening()
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    checks.look(Opened(where, "nb", "test page", None))
    return checks
