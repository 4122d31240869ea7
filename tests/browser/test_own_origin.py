"""Every request a page makes goes to our own origin (issue 16), and the
Content-Security-Policy refuses nothing a page does (issue 11).

Every built help page in nb, en and se and every inbox view is opened in Chromium;
each request the page makes (Playwright's request events: documents, scripts,
styles, fonts, images, the search worker and its index) must go to the origin
that served the page, and no Content-Security-Policy violation may be reported
(securitypolicyviolation events and the console's "Refused to …")."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.helpsite.build import build_site
from app.i18n import LANGUAGES
from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import INBOX, inbox_views, log_in
from tests.browser.live_server import serving
from tests.browser.pages_to_check import pages_to_check
from tests.fixtures.paths import ROOT

#: Kept on the page's window by every document, so it can be read after the load.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`);
});
"""
#: Our font files, as fonts.css names them (overrides/assets/fonts/).
OUR_FONTS = "/assets/fonts/roboto-"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Recorder:
    """Every request and CSP refusal of a page, for the view it is on now."""

    def __init__(self, page):
        self.page, self.requests, self.console, self.problems = page, [], [], []
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def start(self) -> None:
        self.requests.clear()
        self.console.clear()

    def check(self, where: str, base_url: str) -> list[str]:
        """After the page has loaded: its fonts in use, the search worker started."""
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        elsewhere = [
            url for url in self.requests if not url.startswith("data:") and origin(url) != origin(base_url)
        ]
        refused = self.page.evaluate("window.__cspViolations || []") + self.console
        found = [f"{where}: request to {url}" for url in elsewhere]
        found += [f"{where}: CSP {text}" for text in refused]
        self.problems += found
        return found


@pytest.fixture
def recorder(page):
    return Recorder(page)


@pytest.fixture(scope="module")
def own_origin_site(tmp_path_factory) -> tuple[Path, int]:
    """The help site built for the address it is served at, as production builds it
    (INNBOKS_SITE_URL): Material fetches what the pages' hreflang links name, so they
    must name our own origin, not the default http://127.0.0.1:8000/."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    site = tmp_path_factory.mktemp("own-origin") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INNBOKS_SITE_URL", f"http://127.0.0.1:{port}/")
        build_site(ROOT / "mkdocs.yml", site)
    return site, port


def test_every_page_asks_only_our_origin(
    browser, browser_context_args, own_origin_site, inbox_server_configs, inbox_database_url, browser_summary
):
    site, port = own_origin_site
    help_pages = pages_to_check(site)
    ids = patient_pages(inbox_database_url, LOOKS)
    views = [view for lang in LANGUAGES for view in inbox_views(ids, lang)]
    problems, fonts_loaded = [], 0
    # One app at a time, each at the address the site was built for.
    for server, config in inbox_server_configs.items():
        with serving(site, port=port, **config) as url:
            context = browser.new_context(**browser_context_args)
            page = context.new_page()
            recorder = Recorder(page)
            if server == INBOX:
                for target in help_pages:
                    recorder.start()
                    page.goto(url + target.path)
                    recorder.check(str(target), url)
                    fonts_loaded += any(OUR_FONTS in request for request in recorder.requests)
                    assert page.evaluate("document.fonts.check('16px Roboto')"), f"{target}: no Roboto"
                log_in(page, url, "nb", LOOKS)
            for view in (view for view in views if view.server == server):
                recorder.start()
                page.goto(url + view.path)
                if view.then is not None:
                    with page.expect_navigation():
                        view.then(page)
                recorder.check(str(view), url)
            problems += recorder.problems
            context.close()

    summary = (
        f"own origin: {len(help_pages)} help pages and {len(views)} inbox views in "
        f"{', '.join(LANGUAGES)}; requests to other origins and CSP refusals: {len(problems)}"
    )
    print(summary)
    browser_summary.append(summary)
    assert {view.server for view in views} == set(inbox_server_configs)
    assert not problems, "\n".join(problems)
    # Roboto comes from us (after the first page, the browser may have it already).
    assert fonts_loaded >= 1


def test_the_recorder_sees_another_origin_and_a_refusal(recorder, page, tmp_path):
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
            recorder.start()
            page.goto(url + "/nb/bad/")
            found = recorder.check("bad page", url)
    # Chromium may refuse it before asking (the CSP) or ask: either is reported.
    assert any(f"{elsewhere}/nb/other/style.css" in problem for problem in found), found
    assert any("CSP" in problem and "script-src" in problem for problem in found), found
