"""Walking every page the browser suite checks: the built help site's pages (404s included)
and every inbox view, each form sent as a reader sends it. The checks (axe, IBM's checker,
reflow, text spacing, language marks) each look at the page as this leaves it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

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


def per_language(opened: list[Opened], kind: str) -> str:
    """``nb 5, en 5, se 5``: how many pages of a kind were opened in each language."""
    return ", ".join(f"{lang} {n}" for lang, n in Counter(o.lang for o in opened if o.kind == kind).items())
