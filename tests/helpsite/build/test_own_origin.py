"""The help site asks no third party for anything (issue 16): its fonts are the pinned
npm packages' files, kept in overrides/assets/fonts/ and served from our origin, and
no page refers to another host for a script, style, font, image or frame.
tests/browser/test_own_origin.py proves it in a browser, request by request."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from app.helpsite.build import fonts
from tests.fixtures.paths import ROOT

#: Elements that make a browser fetch something, and the attribute it fetches.
FETCHING = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "form": "action",
}
_CSS_URL = re.compile(r"url\(([^)]+)\)")


def test_fonts_are_the_pinned_packages_files():
    if not (fonts.NODE_MODULES / "@fontsource").is_dir():
        reason = "node_modules/@fontsource is missing: run `npm ci` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    package_json = json.loads((ROOT / "package.json").read_text())
    for typeface in fonts.TYPEFACES:
        pinned = package_json["devDependencies"][f"@fontsource/{typeface.package}"]
        assert pinned == fonts.package_version(typeface), f"npm ci has not installed {pinned}"
    expected = fonts.expected_files()
    kept = {path.name: path.read_bytes() for path in fonts.FONTS_DIR.iterdir()}
    assert sorted(kept) == sorted(expected), "run .venv/bin/python -m app.helpsite.build.fonts"
    changed = [name for name in expected if kept[name] != expected[name]]
    assert not changed, (
        f"{changed} differ from node_modules: run .venv/bin/python -m app.helpsite.build.fonts"
    )


def test_every_font_the_stylesheet_names_is_kept_with_its_licence():
    stylesheet = (fonts.FONTS_DIR / fonts.STYLESHEET).read_text()
    named = {url.strip("'\"") for url in _CSS_URL.findall(stylesheet)}
    assert named == {path.name for path in fonts.FONTS_DIR.glob("*.woff2")}
    for typeface in fonts.TYPEFACES:
        assert "SIL Open Font License" in (fonts.FONTS_DIR / f"LICENSE-{typeface.package}.txt").read_text()
        assert f'{typeface.css_variable}:"{typeface.family}"' in stylesheet


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_built_pages_use_our_fonts_and_nothing_from_elsewhere(built_site):
    problems = []
    pages = _pages(built_site)
    for path in pages:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(built_site)
        for tag, attribute in FETCHING.items():
            for element in html.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and {"canonical", "alternate"} & set(element.get("rel", [])):
                    continue  # names a page (the site's own address), fetches nothing
                if re.match(r"(https?:)?//", url):
                    problems.append(f"{name}: <{tag} {attribute}={url}>")
        if html.find("style") or html.select("[style]") or html.find("script", src=False, type=False):
            problems.append(f"{name}: inline style or script (the CSP allows none)")
        language_page = path.name == "index.html" and path.parent != built_site
        if language_page and not html.select_one('link[rel=stylesheet][href$="assets/fonts/fonts.css"]'):
            problems.append(f"{name}: no link to our fonts")
    assert len(pages) > 10 and not problems, "\n".join(problems)
    for lang in ("nb", "en", "se"):
        assert (built_site / lang / "assets" / "fonts" / "roboto-latin-ext-400-normal.woff2").is_file()


def test_no_feature_of_materials_that_calls_another_host():
    """Material can add a repository's facts (GitHub's API), analytics, social cards,
    cookie consent and mermaid diagrams (from unpkg.com); none of them is on."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert not {"repo_url", "google_analytics"} & set(config)
    assert not {"analytics", "social", "consent"} & set(config.get("extra", {}))
    plugins = {next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]}
    assert plugins <= {"innboks-i18n", "search"}, plugins
