"""Which pages the browser suite opens (no browser needed)."""
from __future__ import annotations

from tests.browser.keyboard import focus_indicator_problem
from tests.browser.pages_to_check import APP_SHELL_MARKER, MISSING_PAGE, PageToCheck, help_site_pages


def _write(path, text="<!doctype html><title>x</title>"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_pages_are_found_in_every_language_with_their_404_pages(tmp_path):
    for lang in ("nb", "en", "se"):
        _write(tmp_path / lang / "index.html")
        _write(tmp_path / lang / "om-innboks" / "index.html")
        _write(tmp_path / lang / "404.html")
        _write(tmp_path / lang / "assets" / "javascripts" / "lunr" / "tinyseg.html")
        _write(tmp_path / lang / "innboks" / "index.html", f"<main>{APP_SHELL_MARKER}</main>")
    _write(tmp_path / "index.html")  # the redirect at the root is not a page of a language

    pages = help_site_pages(tmp_path)

    assert [str(p) for p in pages if p.lang == "se"] == [
        "/se/", "/se/om-innboks/", f"/se/{MISSING_PAGE}/ (404)"]
    assert PageToCheck(f"/nb/{MISSING_PAGE}/", "nb", 404) in pages
    assert len(pages) == 9


def test_the_built_site_gives_every_help_page(built_site):
    paths = {p.path for p in help_site_pages(built_site)}
    for lang in ("nb", "en", "se"):
        assert {f"/{lang}/", f"/{lang}/om-innboks/", f"/{lang}/dialog-med-kommunale-hjemmetjenester/",
                f"/{lang}/{MISSING_PAGE}/"} <= paths


def _focus(**overrides):
    style = {"element": "a", "outlineStyle": "solid", "outlineWidth": 2.0, "boxShadow": "none",
             "width": 10.0, "height": 10.0, "visible": True}
    return {**style, **overrides}


def test_focus_indicator_rules():
    assert focus_indicator_problem(_focus()) is None
    assert focus_indicator_problem(_focus(outlineStyle="none", boxShadow="rgb(0, 0, 0) 0px 0px 0px 2px")) is None
    assert "no focus indicator" in focus_indicator_problem(_focus(outlineStyle="none"))
    assert "no focus indicator" in focus_indicator_problem(_focus(outlineStyle="auto", outlineWidth=1.0))
    assert "not visible" in focus_indicator_problem(_focus(height=0.0))
    assert "not visible" in focus_indicator_problem(_focus(visible=False))
