"""axe-core on every page, in every language, at desktop and phone widths: zero violations.
The help site's pages and the inbox's, the inbox's with its forms sent and its error pages."""

from __future__ import annotations

from tests.browser.axe import TAGS, describe, pinned_version
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.every_page import check_every_page, per_language
from tests.browser.live_server import serving_a_broken_page

VIEWPORTS = (DESKTOP, PHONE)


class Checked:
    """What axe found over many page views."""

    def __init__(self, axe):
        self.axe, self.failures, self.rules, self.versions, self.views = axe, [], set(), set(), 0

    def check(self, page, where: str) -> None:
        """axe at each width on what the page shows now (the same document: a sent form stays sent)."""
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            result = self.axe(page)
            self.views += 1
            self.rules |= result.rules
            self.versions.add(result.version)
            if result.violations:
                self.failures.append(f"{where} at {viewport['width']}px:\n{describe(result.violations)}")


def test_every_page_passes_axe(
    page, site_url, built_site, inbox_servers, inbox_database_url, axe, browser_summary
):
    checked = Checked(axe)
    walked = check_every_page(
        checked.check, page, site_url, built_site, inbox_servers, inbox_database_url, DESKTOP
    )
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


def test_axe_catches_a_broken_page(page, tmp_path, axe):
    """The same check fails on a page with a missing alt text, low contrast and a field without a label."""
    with serving_a_broken_page(tmp_path) as url:
        page.goto(url)
        result = axe(page)
    found = {violation["id"] for violation in result.violations}
    assert {"image-alt", "color-contrast", "label"} <= found, describe(result.violations)
    report = describe(result.violations)
    assert "img" in report and "input" in report and ".faint" in report
