"""IBM's accessibility checker engine (tests/browser/ibm.py) beside axe, on the pages
test_axe.py opens, at desktop width: no violation of WCAG 2.2 A and AA but the false
positives listed below, each with its reason."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.browser.chromium import DESKTOP
from tests.browser.every_page import check_every_page, per_language
from tests.browser.ibm import (
    POLICY,
    FalsePositive,
    IbmCheckerMissing,
    ace_source,
    describe,
    installed_version,
    pinned_version,
    run_ibm,
)
from tests.browser.live_server import serving_a_broken_page

#: Material's CSS-only toggles: a display:none checkbox holds whether the navigation drawer,
#: the search or the contents are open, and labels for it are the mouse's click areas.
_MATERIAL_TOGGLES = 'label[for="__drawer"], label[for="__search"], label[for="__toc"]'

#: Violations the engine reports wrongly: a rule and the elements (a CSS selector), each
#: with why. Each must still be found somewhere, so a fixed engine or page shortens the list.
KNOWN_FALSE_POSITIVES: tuple[FalsePositive, ...] = (
    FalsePositive(
        "label_ref_valid",
        _MATERIAL_TOGGLES,
        "the display:none checkbox is Material's open/closed state, not a field anyone fills in; "
        "keyboards get real buttons for the drawer and search (assets/javascripts/header-buttons.js)",
    ),
    FalsePositive(
        "form_label_unique",
        _MATERIAL_TOGGLES,
        "several click areas (backdrop, title, icon) toggle one hidden state checkbox; "
        "no field is labelled twice",
    ),
    FalsePositive(
        "label_content_exists",
        "label.md-overlay, label.md-search__overlay, label.md-search__icon",
        "an empty backdrop or icon click area of a hidden state checkbox names nothing a reader meets",
    ),
    FalsePositive(
        "svg_graphics_labelled",
        "a[aria-label] svg",
        "an icon in a link named by aria-label (logo, footer's previous/next) is not read; ACT rule "
        "7d6734, which this rule implements, applies only to an svg with an explicit role",
    ),
    FalsePositive(
        "aria_form_label_unique",
        "form:not([aria-label]):not([aria-labelledby]):not([title])",
        "a form without a name is no landmark (ARIA 1.2, HTML-AAM), so there are no labels to tell "
        "apart; axe's landmark-unique passes the same pages",
    ),
)


@pytest.fixture(scope="session")
def ace_js() -> str:
    try:
        return ace_source()
    except IbmCheckerMissing as error:
        pytest.fail(str(error))


class Checked:
    """What the engine found over many page views."""

    def __init__(self, ace_js: str):
        self.ace_js, self.failures, self.views, self.rules = ace_js, [], 0, set()
        self.others: Counter = Counter()
        self.known: Counter = Counter()  # rule -> violations matched by KNOWN_FALSE_POSITIVES
        self.known_seen: set[FalsePositive] = set()

    def check(self, page, where: str) -> None:
        result = run_ibm(page, self.ace_js, KNOWN_FALSE_POSITIVES)
        self.views += 1
        self.rules |= result.rules
        self.others += result.others
        self.known_seen |= {item["known"] for item in result.known}
        self.known += Counter(item["rule"] for item in result.known)
        if result.violations:
            self.failures.append(f"{where}:\n{describe(result.violations)}")


def test_every_page_passes_the_ibm_checker(
    page, site_url, built_site, inbox_servers, inbox_database_url, ace_js, browser_summary
):
    checked = Checked(ace_js)
    walked = check_every_page(
        checked.check, page, site_url, built_site, inbox_servers, inbox_database_url, DESKTOP
    )
    opened, wrong = walked.opened, walked.wrong
    help_pages, inbox = walked.of_kind("help"), walked.of_kind("inbox")

    not_failing = Counter()
    for (level, _rule), count in checked.others.items():
        not_failing[level] += count
    summary = (
        f"IBM accessibility-checker-engine {installed_version()} ({POLICY}): {len(help_pages)} help pages "
        f"({per_language(opened, 'help')}) and {len(inbox)} inbox pages "
        f"({per_language(opened, 'inbox')}) at {DESKTOP['width']}px: {checked.views} page views, "
        f"{len(checked.rules)} rules applied, {len(checked.failures)} with violations, "
        f"{checked.known.total()} known false positives ({len(KNOWN_FALSE_POSITIVES)} listed); "
        "not failing: " + (", ".join(f"{level} {n}" for level, n in sorted(not_failing.items())) or "none")
    )
    print(summary)
    print("known false positives, by rule:", dict(sorted(checked.known.items())))
    print("not failing, by level and rule:", dict(sorted(checked.others.items())))
    browser_summary.append(summary)
    assert installed_version() == pinned_version(), (
        f"{installed_version()} installed, package.json pins {pinned_version()}: run `npm ci`"
    )
    assert {p.lang for p in help_pages} == {v.lang for v in inbox} == {"nb", "en", "se"}
    assert not wrong, "pages not as expected:\n" + "\n".join(wrong)
    assert not checked.failures, "\n".join(checked.failures)
    stale = [fp for fp in KNOWN_FALSE_POSITIVES if fp not in checked.known_seen]
    assert not stale, f"false positives listed but no longer found, remove them: {stale}"


def test_the_ibm_checker_catches_a_broken_page(page, tmp_path, ace_js):
    """The same check fails on a page with a missing alt text, low contrast and a field without a label."""
    with serving_a_broken_page(tmp_path) as url:
        page.goto(url)
        result = run_ibm(page, ace_js, KNOWN_FALSE_POSITIVES)
    found = {item["rule"] for item in result.violations}
    report = describe(result.violations)
    assert {"img_alt_valid", "text_contrast_sufficient", "input_label_exists"} <= found, report
    assert "/img[1]" in report and "/input[1]" in report and 'class="faint"' in report
