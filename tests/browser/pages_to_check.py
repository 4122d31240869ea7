"""Which pages the browser suite opens. Add new kinds of page (the inbox) in pages_to_check()."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.i18n import LANGUAGES

#: A path no page has: each language's 404 page is checked as the app serves it.
MISSING_PAGE = "denne-siden-finnes-ikke"
#: Built pages the app fills in (app/helpsite/shell.py MARKER): checked as app pages, not here.
APP_SHELL_MARKER = "<!-- innboks:app-content -->"
#: Folders in a language's output that hold no pages.
NOT_PAGES = {"assets", "search"}


@dataclass(frozen=True)
class PageToCheck:
    path: str  # on the app, e.g. /nb/om-innboks/
    lang: str
    status: int = 200

    def __str__(self) -> str:
        return self.path if self.status == 200 else f"{self.path} ({self.status})"


def help_site_pages(site_dir: Path) -> list[PageToCheck]:
    """Every page of the built help site in every language, and each language's 404 page."""
    pages = []
    for lang in LANGUAGES:
        lang_dir = site_dir / lang
        for html in sorted(lang_dir.rglob("*.html")):
            relative = html.relative_to(lang_dir)
            if relative.parts[0] in NOT_PAGES or relative.as_posix() == "404.html":
                continue
            if APP_SHELL_MARKER in html.read_text(encoding="utf-8"):
                continue
            url = relative.as_posix()
            url = url.removesuffix("index.html")  # served as the folder's URL, like a reader sees it
            pages.append(PageToCheck(f"/{lang}/{url}", lang))
        pages.append(PageToCheck(f"/{lang}/{MISSING_PAGE}/", lang, status=404))
    return pages


def pages_to_check(site_dir: Path) -> list[PageToCheck]:
    """Everything the axe check opens."""
    return help_site_pages(site_dir)
