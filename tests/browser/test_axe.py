"""axe-core on every page, in every language, at desktop and phone widths: zero violations."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from tests.browser.axe import TAGS, describe, pinned_version
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.live_server import serving
from tests.browser.pages_to_check import pages_to_check

BROKEN_PAGE = Path(__file__).parent / "fixtures" / "broken-page.html"


def test_every_page_passes_axe(page, site_url, built_site, axe, browser_summary):
    pages = pages_to_check(built_site)
    failures, rules, versions = [], set(), set()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for target in pages:
            response = page.goto(site_url + target.path)
            assert response.status == target.status, f"{target}: HTTP {response.status}"
            result = axe(page)
            rules |= result.rules
            versions.add(result.version)
            if result.violations:
                failures.append(f"{target} at {viewport['width']}px:\n{describe(result.violations)}")

    per_language = ", ".join(f"{lang} {n}" for lang, n in Counter(p.lang for p in pages).items())
    summary = (f"axe-core {'/'.join(sorted(versions))}: {len(pages)} pages ({per_language}; 404 pages included) "
               f"at {DESKTOP['width']}px and {PHONE['width']}px, {len(rules)} rules ({', '.join(TAGS)}), "
               f"{len(failures)} page views with violations")
    print(summary)
    browser_summary.append(summary)
    assert versions == {pinned_version()}, f"axe-core {versions} ran, package.json pins {pinned_version()}"
    assert {p.lang for p in pages} == {"nb", "en", "se"}
    assert not failures, "\n".join(failures)


def test_axe_catches_a_broken_page(page, tmp_path, axe):
    """The same check fails on a page with a missing alt text, low contrast and a field without a label."""
    site = tmp_path / "site"
    (site / "nb" / "broken").mkdir(parents=True)
    shutil.copy(BROKEN_PAGE, site / "nb" / "broken" / "index.html")
    with serving(site) as url:
        page.goto(url + "/nb/broken/")
        result = axe(page)
    found = {violation["id"] for violation in result.violations}
    assert {"image-alt", "color-contrast", "label"} <= found, describe(result.violations)
    report = describe(result.violations)
    assert "img" in report and "input" in report and ".faint" in report
