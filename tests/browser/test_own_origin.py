"""Every request a page makes goes to our own origin (issue 16), and the
Content-Security-Policy refuses nothing a page does (issue 11).

Every built help page in nb, en and se and every inbox view is opened in Chromium,
on a site built for the address it is served at, each inbox app served there in turn;
each request the page makes (Playwright's request events: documents, scripts,
styles, fonts, images, the search worker and its index) must go to the origin
that served the page, and no Content-Security-Policy violation may be reported
(securitypolicyviolation events and the console's "Refused to …"). The recorder
(own_origin.py) listens on the one visit of each page that page_checks.py makes."""

from __future__ import annotations

from app.i18n import LANGUAGES
from tests.browser.live_server import serving
from tests.browser.own_origin import Recorder
from tests.browser.page_checks import check_one_page


def test_every_page_asks_only_our_origin(every_page_checked, inbox_server_configs, browser_summary):
    walked, problems = every_page_checked.walked, every_page_checked.own_origin.problems
    help_pages, views = walked.of_kind("help"), walked.of_kind("inbox")
    summary = (
        f"own origin: {len(help_pages)} help pages and {len(views)} inbox views in "
        f"{', '.join(LANGUAGES)}; requests to other origins and CSP refusals: {len(problems)}"
    )
    print(summary)
    browser_summary.append(summary)
    assert {view.server for view in views} == set(inbox_server_configs)
    assert not problems, "\n".join(problems)
    # Roboto comes from us (after the first page, the browser may have it already).
    assert every_page_checked.fonts_loaded >= 1


def test_the_recorder_sees_another_origin_and_a_refusal(page, tmp_path, axe_js, ace_js):
    """Not blind: a page asking another host (a second local server) and running an
    inline script is caught, both for the request and for the CSP."""
    site = tmp_path / "site"
    (site / "nb" / "other").mkdir(parents=True)
    (site / "nb" / "other" / "style.css").write_text("p { color: black; }")
    with serving(site) as elsewhere:
        (site / "nb" / "bad").mkdir(parents=True)
        (site / "nb" / "bad" / "index.html").write_text(
            f'<!doctype html><html lang="nb"><head><title>x</title>'
            f'<link rel="stylesheet" href="{elsewhere}/nb/other/style.css">'
            f"<script>document.title = 'inline';</script></head><body><p>x</p></body></html>"
        )
        with serving(site) as url:
            found = check_one_page(page, url + "/nb/bad/", axe_js, ace_js, "bad page").own_origin.problems
    # Chromium may refuse it before asking (the CSP) or ask: either is reported.
    assert any(f"{elsewhere}/nb/other/style.css" in problem for problem in found), found
    assert any("CSP" in problem and "script-src" in problem for problem in found), found


def test_the_recorder_knows_what_the_theme_asks_for_after_the_load(page, built_site):
    """What issue 16 was: the site built for the default address, served at another, asks the
    default address for every language's sitemap.xml. The recorder expects exactly those (and
    the search index), so its wait ends without a timeout, and it reports each."""
    recorder, _, found = _record(page, built_site, "/nb/om-innboks/", "om-innboks")
    for lang in LANGUAGES:
        assert any(f"http://127.0.0.1:8000/{lang}/om-innboks/sitemap.xml" in problem for problem in found), (
            found
        )
    assert any(request.endswith("/nb/search/search_index.json") for request in recorder.requests)


def test_the_recorder_waits_for_what_is_asked_for_late(page, tmp_path):
    """A page that asks for its alternate's sitemap (elsewhere) and its search index well after
    its load: the recorder's wait alone, with nothing between it and the reading, sees both."""
    site = tmp_path / "site"
    (site / "nb" / "late" / "search").mkdir(parents=True)
    (site / "nb" / "late" / "search" / "search_index.json").write_text("{}")
    (site / "nb" / "late" / "late.js").write_text(
        "setTimeout(() => {\n"
        "  const alternate = document.querySelector('link[rel=alternate]').href;\n"
        "  fetch(new URL('sitemap.xml', alternate)).catch(() => {});\n"
        "  fetch('search/search_index.json');\n"
        "}, 700);\n"
    )
    (site / "nb" / "late" / "index.html").write_text(
        '<!doctype html><html lang="nb"><head><title>x</title>'
        '<link rel="alternate" href="http://127.0.0.1:9/en/late/" hreflang="en">'
        '<script id="__config" type="application/json">{"base": ".", "search": "worker.js"}</script>'
        '<script src="late.js"></script></head><body><p>x</p></body></html>'
    )
    recorder, url, found = _record(page, site, "/nb/late/", "late page")
    assert any("http://127.0.0.1:9/en/late/sitemap.xml" in problem for problem in found), found
    assert url + "/nb/late/search/search_index.json" in recorder.done


def _record(page, site, path, name):
    """Serve ``site``, open ``path`` with a recorder listening, and let its wait end on its
    own (no timeout): the recorder, the address served at, and what it reports."""
    recorder = Recorder(page)
    with serving(site) as url:
        recorder.start()
        page.goto(url + path)
        assert recorder.settle(name) == []
        return recorder, url, recorder.check(name, url)
