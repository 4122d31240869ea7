"""Every request a page makes goes to the origin that served it (issue 16), and the
Content-Security-Policy refuses nothing a page does (issue 11): the Recorder that
test_own_origin.py's check reads, and the site it is read on."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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

#: What a page asks for after its load event, by the theme's script: each alternate
#: language's sitemap.xml (the language links), and the search index for its worker.
ASKED_FOR_AFTER_LOAD = """() => {
  const asked = [...document.querySelectorAll('link[rel=alternate]')]
    .map(link => new URL('sitemap.xml', link.href).href);
  const config = document.querySelector('#__config');
  const theme = config ? JSON.parse(config.textContent) : {};
  const base = new URL(theme.base || '.', location.href);
  return {asked, index: theme.search ? new URL('search/search_index.json', base).href : null};
}"""
#: Longer than any of those takes on a loaded machine: a wait this long is a page that no
#: longer asks for it, and then what the check waits for has to change with the page.
SETTLE_SECONDS = 15


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Recorder:
    """Every request and CSP refusal of a page, for the view it is on now."""

    def __init__(self, page):
        self.page, self.requests, self.done, self.console, self.problems = page, [], set(), [], []
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfinished", lambda request: self.done.add(request.url))
        page.on("requestfailed", lambda request: self.done.add(request.url))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def start(self) -> None:
        self.requests.clear()
        self.done.clear()
        self.console.clear()

    def _refused(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []") + self.console

    def settle(self, where: str) -> list[str]:
        """Waits, after the load, for what the page asks for later: its fonts in use, each
        alternate's sitemap asked for (or refused), the search index fetched. A fixed quiet
        time (networkidle's 500 ms) cost half a second a page and guaranteed no more."""
        self.page.evaluate("document.fonts.ready.then(() => true)")
        later = self.page.evaluate(ASKED_FOR_AFTER_LOAD)
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            refused = " ".join(self._refused())
            missing = [url for url in later["asked"] if url not in self.requests and url not in refused]
            if later["index"] and later["index"] not in self.done and later["index"] not in refused:
                missing.append(later["index"])
            if not missing:
                return []
            if time.monotonic() > deadline:
                found = [f"{where}: not asked for within {SETTLE_SECONDS} s: {url}" for url in missing]
                self.problems += found
                return found
            self.page.wait_for_timeout(20)

    def check(self, where: str, base_url: str) -> list[str]:
        """What the page asked of other origins and what the CSP refused, since start()."""
        elsewhere = [
            url for url in self.requests if not url.startswith("data:") and origin(url) != origin(base_url)
        ]
        found = [f"{where}: request to {url}" for url in elsewhere]
        found += [f"{where}: CSP {text}" for text in self._refused()]
        self.problems += found
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_for_its_address(folder: Path) -> tuple[Path, int]:
    """The help site built for the address it is then served at, as production builds it
    (INNBOKS_SITE_URL): the theme fetches what the pages' hreflang links name, so they
    must name our own origin, not the default http://127.0.0.1:8000/."""
    from app.helpsite.build import build_site

    port = free_port()
    site = folder / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INNBOKS_SITE_URL", f"http://127.0.0.1:{port}/")
        build_site(ROOT / "mkdocs.yml", site)
    return site, port
