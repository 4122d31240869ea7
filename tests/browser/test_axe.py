"""axe-core on every page, in every language, at desktop and phone widths: zero violations.
The help site's pages and the inbox's, the inbox's with its forms sent and its error pages.
The pages are visited once for this and the other checks of page_checks.py."""

from __future__ import annotations

from tests.browser.axe import TAGS, describe, pinned_version
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.every_page import per_language
from tests.browser.live_server import serving_a_broken_page
from tests.browser.page_checks import check_one_page


def test_every_page_passes_axe(every_page_checked, browser_summary):
    checked, walked = every_page_checked.axe, every_page_checked.walked
    opened, wrong = walked.opened, walked.wrong

    help_pages, inbox = walked.of_kind("help"), walked.of_kind("inbox")
    summary = (
        f"axe-core {'/'.join(sorted(checked.versions))}: {len(help_pages)} help pages "
        f"({per_language(opened, 'help')}; 404 pages included) and {len(inbox)} inbox pages "
        f"({per_language(opened, 'inbox')}; sent forms and error pages included) "
        f"at {DESKTOP['width']}px and {PHONE['width']}px: {checked.views} page views, "
        f"{len(checked.rules)} rules ({', '.join(TAGS)}), {len(checked.failures)} page views with violations"
    )
    print(summary)
    browser_summary.append(summary)
    assert checked.versions == {pinned_version()}, (
        f"axe-core {checked.versions} ran, package.json pins {pinned_version()}"
    )
    assert {p.lang for p in help_pages} == {v.lang for v in inbox} == {"nb", "en", "se"}
    assert not wrong, "pages not as expected:\n" + "\n".join(wrong)
    assert not checked.failures, "\n".join(checked.failures)


def test_axe_catches_a_broken_page(page, tmp_path, axe_js, ace_js):
    """The same check fails on a page with a missing alt text, low contrast and a field without
    a label, at both widths."""
    with serving_a_broken_page(tmp_path) as url:
        checks = check_one_page(page, url, axe_js, ace_js)
    for width in (DESKTOP["width"], PHONE["width"]):
        violations = checks.axe.violations["broken page", width]
        report = describe(violations)
        assert {"image-alt", "color-contrast", "label"} <= {v["id"] for v in violations}, report
        assert "img" in report and "input" in report and ".faint" in report
    # What test_every_page_passes_axe asserts on.
    assert [failure.split(":")[0] for failure in checks.axe.failures] == [
        "broken page at 1280px",
        "broken page at 390px",
    ]
