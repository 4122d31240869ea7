"""The checks that look at each page as its reader left it, run on one visit of every page
instead of a walk each: axe at 1280 and 390 px, the second engine (ibm.py) at 1280 px,
nothing sideways at 1280, 768 and 320 px, what the page asked of other origins, the
language marks of the Sámi pages, and last, as it changes the page, WCAG's text spacing at
320 and 1280 px on the nb and se pages.

A page is opened at 1280 px and then resized, widest first, as axe already did for 390 px:
the same document, so a sent form stays sent. Each check keeps its own findings, and its own
test asserts on them alone (test_axe.py, test_ibm_checker.py, test_narrow_screens.py,
test_own_origin.py, test_language_of_parts.py, test_reading_settings.py), so a failure
still names the check. Their broken-page tests run the
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

#: The widths text spacing is checked at, and the languages: nb for the pages in it, se for
#: the longer words of a translation.
TEXT_SPACING_WIDTHS = (320, 1280)
TEXT_SPACING_LANGS = ("nb", "se")

#: Each text node with a letter in it, and the language of its nearest element with one.
TEXT_NODES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    const parent = node.parentElement;
    // What a reader types into a field is in whatever language they write.
    if (!/\\p{L}/u.test(text) || parent.closest('script, style, template, noscript, textarea')) continue;
    const marked = parent.closest('[lang]');
    const where = parent.tagName.toLowerCase() + [...parent.classList].map(c => '.' + c).join('');
    found.push([marked ? marked.getAttribute('lang') : null, text, where]);
  }
  return found;
}"""


class AxeFindings:
    """What axe found over many page views, at desktop and phone widths."""

    viewports = (DESKTOP, PHONE)
    langs = None  # every page's

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
    langs = None  # every page's

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
    langs = None  # every page's

    def __init__(self):
        self.wide: dict[int, list[str]] = {width: [] for width in SIDEWAYS_WIDTHS}
        self.views: Counter = Counter()  # width -> pages looked at

    def look(self, page, where: str, viewport: dict) -> None:
        self.views[viewport["width"]] += 1
        if past := page.evaluate(SIDEWAYS):
            self.wide[viewport["width"]].append(f"{where}: {past[:5]}")


class LanguageMarks:
    """Each text node of the Sámi pages and the language it is marked with, for
    test_language_of_parts.py's rule (the check needs the inbox's names, which it reads)."""

    viewports = (DESKTOP,)
    langs = ("se",)

    def __init__(self):
        self.nodes: list[tuple[str, list]] = []  # (page, its text nodes)

    def look(self, page, where: str, viewport: dict) -> None:
        self.nodes.append((where, page.evaluate(TEXT_NODES)))


class TextSpacingFindings:
    """What WCAG's text spacing cuts off (1.4.12), by width. It changes the page for whatever
    looks after it, so PageChecks runs it last, once the others are done with the page."""

    viewports = tuple({"width": width, "height": 800} for width in TEXT_SPACING_WIDTHS)
    langs = TEXT_SPACING_LANGS

    def __init__(self):
        self.clipped: dict[int, list[str]] = {width: [] for width in TEXT_SPACING_WIDTHS}
        self.views: Counter = Counter()  # width -> pages looked at
        self.not_applied: list[str] = []

    def look(self, page, where: str) -> None:
        if page.evaluate(TEXT_SPACING) == "normal":
            self.not_applied.append(where)
        for viewport in self.viewports:
            page.set_viewport_size(viewport)
            self.views[viewport["width"]] += 1
            if clipped := page.evaluate(CLIPPED):
                self.clipped[viewport["width"]].append(f"{where}: {clipped[:4]}")


class PageChecks:
    """Every check above on each page opened in ``page``, served at ``base_url``."""

    def __init__(self, page, base_url: str, axe_js: str, ace_js: str):
        self.page, self.base_url = page, base_url
        # Before the first page opens: its init script only reaches documents created after it.
        self.own_origin = Recorder(page)
        self.axe, self.ibm, self.sideways = AxeFindings(axe_js), IbmFindings(ace_js), SidewaysFindings()
        self.language_marks, self.text_spacing = LanguageMarks(), TextSpacingFindings()
        self.walked = Walked()
        self.fonts_loaded = 0  # help pages whose visit fetched our Roboto
        checks = (self.axe, self.ibm, self.sideways, self.language_marks)
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
                if viewport in check.viewports and (check.langs is None or opened.lang in check.langs):
                    check.look(page, where, viewport)
        # Last, so what the page asks for while resized counts too. The checkers, run through
        # the DevTools protocol, asked for nothing and were refused nothing on any page here.
        self.own_origin.check(where, self.base_url)
        if opened.kind == "help":
            self.fonts_loaded += any(OUR_FONTS in request for request in self.own_origin.requests)
        if opened.lang in self.text_spacing.langs:
            self.text_spacing.look(page, where)


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
    checks.look(Opened(where, "nb", "test page", None, "test page"))
    return checks
