"""Walking every page the browser suite checks: the built help site's pages (404s included)
and every inbox view, each form sent as a reader sends it. The checks each look at the page
as this leaves it: axe, the second engine, reflow and own origin on one walk
(page_checks.py), text spacing and language marks on walks of their own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
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
    server: str | None = None  # which app of inbox_server_configs served it, where known


def open_help_page(page, base_url: str, target: PageToCheck, viewport=None) -> Opened:
    if viewport:
        page.set_viewport_size(viewport)
    response = page.goto(base_url + target.path)
    unexpected = None if response.status == target.status else f"HTTP {response.status}"
    return Opened(str(target), target.lang, "help", unexpected)


def open_inbox_view(page, base_url: str, view: InboxView, viewport=None) -> Opened:
    """Opens the view and does what its reader does there, e.g. sends its form."""
    if viewport:
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


def every_page(
    page, site_url, built_site, inbox_servers, inbox_database_url, langs=LANGUAGES, viewport=None
) -> Iterator[Opened]:
    """Opens each page in turn, in ``viewport`` if given (a check may have changed it), and
    yields what was opened once the page is as the reader left it."""
    for target in pages_to_check(built_site):
        if target.lang in langs:
            yield open_help_page(page, site_url, target, viewport)
    ids = patient_pages(inbox_database_url, LOOKS)
    log_in(page, inbox_servers[INBOX], "nb", LOOKS)
    for lang in langs:
        for view in inbox_views(ids, lang):
            yield open_inbox_view(page, inbox_servers[view.server], view, viewport)


def every_page_at_its_address(
    page,
    site: Path,
    port: int,
    inbox_server_configs: dict[str, dict],
    inbox_database_url: str,
    viewport: dict,
    before_opening: Callable[[], None],
) -> Iterator[Opened]:
    """every_page's pages, all at the one address ``site`` was built for (own_origin.py): each
    app of inbox_server_configs serves there in turn, the inbox's first. The page keeps its
    cookies throughout, so the app without a database gets the inbox's, as in every_page."""
    ids = patient_pages(inbox_database_url, LOOKS)
    views = [view for lang in LANGUAGES for view in inbox_views(ids, lang)]
    for server in sorted(inbox_server_configs, key=lambda name: name != INBOX):
        with serving(site, port=port, **inbox_server_configs[server]) as url:
            if server == INBOX:
                for target in pages_to_check(site):
                    before_opening()
                    yield replace(open_help_page(page, url, target, viewport), server=server)
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
