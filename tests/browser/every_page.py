"""Walking every page the browser suite checks: the built help site's pages (404s included)
and every inbox view, each form sent as a reader sends it. The checks of page_checks.py each
look at the page as this leaves it, on one walk."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import LANGUAGES
from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import INBOX, InboxView, inbox_views, log_in
from tests.browser.live_server import serving
from tests.browser.pages_to_check import PageToCheck, pages_to_check


@dataclass(frozen=True)
class Opened:
    name: str  # the page, and for an inbox view what the reader did
    lang: str
    kind: str  # "help" or "inbox"
    unexpected: str | None  # the status or language, when not what the page should have
    server: str  # which app of inbox_server_configs served it


def open_help_page(page, base_url: str, target: PageToCheck, viewport: dict, server: str) -> Opened:
    page.set_viewport_size(viewport)
    response = page.goto(base_url + target.path)
    unexpected = None if response.status == target.status else f"HTTP {response.status}"
    return Opened(str(target), target.lang, "help", unexpected, server)


def open_inbox_view(page, base_url: str, view: InboxView, viewport: dict) -> Opened:
    """Opens the view and does what its reader does there, e.g. sends its form."""
    page.set_viewport_size(viewport)
    response = page.goto(base_url + view.path)
    if view.then is not None:
        with page.expect_navigation() as navigation:
            view.then(page)
        response = navigation.value
    shown_lang = page.locator("html").get_attribute("lang")
    unexpected = (
        None
        if response.status == view.status and shown_lang == view.lang
        else f"HTTP {response.status}, lang {shown_lang}"
    )
    return Opened(str(view), view.lang, "inbox", unexpected, view.server)


def every_page_at_its_address(
    page,
    site: Path,
    port: int,
    inbox_server_configs: dict[str, dict],
    inbox_database_url: str,
    viewport: dict,
    before_opening: Callable[[], None],
) -> Iterator[Opened]:
    """Opens each page in turn, in ``viewport`` (a check may have changed it), all at the one
    address ``site`` was built for (own_origin.py), and yields what was opened once the page
    is as the reader left it. Each app of inbox_server_configs serves there in turn, the
    inbox's first; the page keeps its cookies throughout, so the app without a database gets
    the inbox's (a logged-in reader finds the database gone)."""
    ids = patient_pages(inbox_database_url, LOOKS)
    views = [view for lang in LANGUAGES for view in inbox_views(ids, lang)]
    for server in sorted(inbox_server_configs, key=lambda name: name != INBOX):
        with serving(site, port=port, **inbox_server_configs[server]) as url:
            if server == INBOX:
                for target in pages_to_check(site):
                    before_opening()
                    yield open_help_page(page, url, target, viewport, server)
                log_in(page, url, "nb", LOOKS)
            for view in views:
                if view.server == server:
                    before_opening()
                    yield open_inbox_view(page, url, view, viewport)


@dataclass
class Walked:
    """What a check's walk over every page opened, and which pages were not as they should be."""

    opened: list[Opened] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # "name: what was unexpected"

    def of_kind(self, kind: str) -> list[Opened]:
        return [o for o in self.opened if o.kind == kind]


def per_language(opened: list[Opened], kind: str) -> str:
    """``nb 5, en 5, se 5``: how many pages of a kind were opened in each language."""
    return ", ".join(f"{lang} {n}" for lang, n in Counter(o.lang for o in opened if o.kind == kind).items())
