"""axe-core on every page, in every language, at desktop and phone widths: zero violations.
The help site's pages and the inbox's, the inbox's with its forms sent and its error pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.browser.axe import TAGS, describe, pinned_version
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.every_page import every_page, per_language
from tests.browser.live_server import serving

BROKEN_PAGE = Path(__file__).parent / "fixtures" / "broken-page.html"
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
    checked, wrong, opened = Checked(axe), [], []
    for shown in every_page(page, site_url, built_site, inbox_servers, inbox_database_url, viewport=DESKTOP):
        opened.append(shown)
        if shown.unexpected:
            wrong.append(f"{shown.name}: {shown.unexpected}")
        checked.check(page, shown.name)

    help_pages = [o for o in opened if o.kind == "help"]
    inbox = [o for o in opened if o.kind == "inbox"]
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
    site = tmp_path / "site"
    (site / "nb" / "broken").mkdir(parents=True)
    shutil.copy(BROKEN_PAGE, site / "nb" / "broken" / "index.html")
    shutil.copy(BROKEN_PAGE.with_suffix(".css"), site / "nb" / "broken" / "broken-page.css")
    with serving(site) as url:
        page.goto(url + "/nb/broken/")
        result = axe(page)
    found = {violation["id"] for violation in result.violations}
    assert {"image-alt", "color-contrast", "label"} <= found, describe(result.violations)
    report = describe(result.violations)
    assert "img" in report and "input" in report and ".faint" in report
