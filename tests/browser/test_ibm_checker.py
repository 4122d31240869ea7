"""IBM's accessibility checker engine (tests/browser/ibm.py) beside axe, on the pages
test_axe.py opens, at desktop width: no violation of WCAG 2.2 A and AA but the false
positives ibm.py lists, each with its reason. The pages are visited once for this and the
other checks of page_checks.py."""

from __future__ import annotations

from collections import Counter

from tests.browser.chromium import DESKTOP
from tests.browser.every_page import per_language
from tests.browser.ibm import POLICY, describe, installed_version, pinned_version
from tests.browser.live_server import serving_a_broken_page
from tests.browser.page_checks import check_one_page


def test_every_page_passes_the_ibm_checker(every_page_checked, browser_summary):
    checked, walked = every_page_checked.ibm, every_page_checked.walked
    opened, wrong = walked.opened, walked.wrong
    help_pages, inbox = walked.of_kind("help"), walked.of_kind("inbox")
    listed = checked.known_false_positives

    not_failing = Counter()
    for (level, _rule), count in checked.others.items():
        not_failing[level] += count
    summary = (
        f"IBM accessibility-checker-engine {installed_version()} ({POLICY}): {len(help_pages)} help pages "
        f"({per_language(opened, 'help')}) and {len(inbox)} inbox pages "
        f"({per_language(opened, 'inbox')}) at {DESKTOP['width']}px: {checked.views} page views, "
        f"{len(checked.rules)} rules applied, {len(checked.failures)} with violations, "
        f"{checked.known.total()} known false positives ({len(listed)} listed); "
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
    stale = [fp for fp in listed if fp not in checked.known_seen]
    assert not stale, f"false positives listed but no longer found, remove them: {stale}"


def test_the_ibm_checker_catches_a_broken_page(page, tmp_path, axe_js, ace_js):
    """The same check fails on a page with a missing alt text, low contrast and a field without a label."""
    with serving_a_broken_page(tmp_path) as url:
        checks = check_one_page(page, url, axe_js, ace_js)
    violations = checks.ibm.violations["broken page"]
    found = {item["rule"] for item in violations}
    report = describe(violations)
    assert {"img_alt_valid", "text_contrast_sufficient", "input_label_exists"} <= found, report
    assert "/img[1]" in report and "/input[1]" in report and 'class="faint"' in report
    # What test_every_page_passes_the_ibm_checker asserts on.
    assert [failure.split(":")[0] for failure in checks.ibm.failures] == ["broken page"]
