"""Which pages the browser suite opens (no browser needed)."""

from __future__ import annotations

from tests.browser.inbox_data import PatientPages
from tests.browser.inbox_pages import INBOX, NO_DATABASE, NO_LOGIN, inbox_views
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
        "/se/",
        "/se/om-innboks/",
        f"/se/{MISSING_PAGE}/ (404)",
    ]
    assert PageToCheck(f"/nb/{MISSING_PAGE}/", "nb", 404) in pages
    assert len(pages) == 9


def test_the_built_site_gives_every_help_page(built_site):
    paths = {p.path for p in help_site_pages(built_site)}
    for lang in ("nb", "en", "se"):
        assert {
            f"/{lang}/",
            f"/{lang}/om-innboks/",
            f"/{lang}/dialog-med-kommunale-hjemmetjenester/",
            f"/{lang}/{MISSING_PAGE}/",
        } <= paths


def _focus(**overrides):
    style = {
        "element": "a",
        "outlineStyle": "solid",
        "outlineWidth": 2.0,
        "boxShadow": "none",
        "width": 10.0,
        "height": 10.0,
        "visible": True,
    }
    return {**style, **overrides}


def test_focus_indicator_rules():
    assert focus_indicator_problem(_focus()) is None
    assert (
        focus_indicator_problem(_focus(outlineStyle="none", boxShadow="rgb(0, 0, 0) 0px 0px 0px 2px")) is None
    )
    assert "no focus indicator" in focus_indicator_problem(_focus(outlineStyle="none"))
    assert "no focus indicator" in focus_indicator_problem(_focus(outlineStyle="auto", outlineWidth=1.0))
    assert "not visible" in focus_indicator_problem(_focus(height=0.0))
    assert "not visible" in focus_indicator_problem(_focus(visible=False))


def test_inbox_views_cover_every_page_kind_in_a_language():
    ids = PatientPages(
        letter=1,
        late_letter=2,
        past_letter=3,
        dialogue_letter=4,
        conversation=5,
        read_only=6,
        unanswered=7,
        reply_button_appointment=8,
        dialogue_appointment=9,
    )
    views = inbox_views(ids, "se")
    assert all(v.lang == "se" and v.path.startswith("/se/innboks/") for v in views)
    assert len({v.name for v in views}) == len(views)
    assert {v.status for v in views} == {200, 400, 401, 404, 409, 422, 503}
    paths = {v.path.split("?")[0] for v in views}
    assert {
        "/se/innboks/",
        "/se/innboks/1/",
        "/se/innboks/2/svar/",
        "/se/innboks/timeavtaler/",
        "/se/innboks/timeavtaler/9/",
        "/se/innboks/ny-melding/",
        "/se/innboks/utvikler-innlogging/",
    } <= paths
    # Each form's refusal is reached by sending the form, not by a request the browser never makes.
    assert all(v.then is not None for v in views if v.status == 422)
    assert {v.server for v in views} == {INBOX, NO_LOGIN, NO_DATABASE}
