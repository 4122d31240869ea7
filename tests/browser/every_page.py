"""Walking every page the browser suite checks: the built help site's pages (404s included)
and every inbox view, each form sent as a reader sends it. The checks (axe, IBM's checker,
reflow, text spacing, language marks) each look at the page as this leaves it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from app.i18n import LANGUAGES
from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import INBOX, inbox_views, log_in
from tests.browser.pages_to_check import pages_to_check


@dataclass(frozen=True)
class Opened:
    name: str  # the page, and for an inbox view what the reader did
    lang: str
    kind: str  # "help" or "inbox"
    unexpected: str | None  # the status or language, when not what the page should have


def every_page(
    page, site_url, built_site, inbox_servers, inbox_database_url, langs=LANGUAGES, viewport=None
) -> Iterator[Opened]:
    """Opens each page in turn, in ``viewport`` if given (a check may have changed it), and
    yields what was opened once the page is as the reader left it."""
    for target in pages_to_check(built_site):
        if target.lang not in langs:
            continue
        if viewport:
            page.set_viewport_size(viewport)
        response = page.goto(site_url + target.path)
        unexpected = None if response.status == target.status else f"HTTP {response.status}"
        yield Opened(str(target), target.lang, "help", unexpected)
    ids = patient_pages(inbox_database_url, LOOKS)
    log_in(page, inbox_servers[INBOX], "nb", LOOKS)
    for lang in langs:
        for view in inbox_views(ids, lang):
            if viewport:
                page.set_viewport_size(viewport)
            response = page.goto(inbox_servers[view.server] + view.path)
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
            yield Opened(str(view), view.lang, "inbox", unexpected)


@dataclass
class Walked:
    """What a check's walk over every page opened, and which pages were not as they should be."""

    opened: list[Opened] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # "name: what was unexpected"

    def of_kind(self, kind: str) -> list[Opened]:
        return [o for o in self.opened if o.kind == kind]


def check_every_page(
    check: Callable[[object, str], None],
    page,
    site_url,
    built_site,
    inbox_servers,
    inbox_database_url,
    viewport,
) -> Walked:
    """Opens every page in ``viewport`` and runs ``check(page, name)`` on each (the axe and
    IBM checks), noting the pages whose status or language was not the expected one."""
    walked = Walked()
    for shown in every_page(page, site_url, built_site, inbox_servers, inbox_database_url, viewport=viewport):
        walked.opened.append(shown)
        if shown.unexpected:
            walked.wrong.append(f"{shown.name}: {shown.unexpected}")
        check(page, shown.name)
    return walked


def per_language(opened: list[Opened], kind: str) -> str:
    """``nb 5, en 5, se 5``: how many pages of a kind were opened in each language."""
    return ", ".join(f"{lang} {n}" for lang, n in Counter(o.lang for o in opened if o.kind == kind).items())
