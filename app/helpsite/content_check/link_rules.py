"""Internal links and their anchors, checked as a reader of each language follows them.

A link goes to a page (``other.md``, ``../folder/other.md#anchor``), to a
place on the same page (``#anchor``) or to a file published with the pages.
A page exists in every language when its nb source exists (readers of en/se
get the nb page until it is translated); an anchor must exist in the version
the reader of the linking page's language gets.
"""

from __future__ import annotations

import difflib
import posixpath
from urllib.parse import unquote, urlsplit

from app.helpsite.content_check.content_tree import ContentTree, Page
from app.helpsite.content_check.sources import Problem
from app.i18n import DEFAULT_LANGUAGE, language_name


def link_problems(tree: ContentTree, page: Page) -> list[Problem]:
    if page.facts is None:
        return []  # a page that cannot be read is reported on its own
    problems = []
    for link in page.facts.links:
        message = broken_link(tree, page, link.href)
        if message:
            problems.append(Problem(page.path, link.line, message))
    return problems


def broken_link(tree: ContentTree, page: Page, href: str) -> str | None:
    """Why the link ``href`` on ``page`` does not work, or None when it does."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # another site, e-mail, phone: not ours to check
    if not href.strip():
        return (
            "a link has no address: write the page it goes to between the parentheses, e.g. (om-innboks.md)"
        )
    if parts.path.startswith("/"):
        return (
            f"the link '{href}' starts with '/': link to the page's .md file relative to "
            f"this one instead (e.g. 'om-innboks.md'), so it works in every language"
        )
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return _missing_anchor(tree, page, page.rel, fragment, href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
    if target == ".." or target.startswith("../"):
        return f"the link '{href}' points outside the help pages' folder {tree.root.name}/{page.lang}/"
    if path.endswith("/") or tree.is_folder(target):
        return (
            f"the link '{href}' points to a folder: link to a page's .md file, "
            f"e.g. '{posixpath.join(path, 'index.md')}'"
        )
    if not target.endswith(".md"):
        if tree.has_file(target):
            return None
        return (
            f"the link '{href}' goes to a file that does not exist: "
            f"there is no {tree.name(DEFAULT_LANGUAGE, target)}"
        )
    if target not in tree.paths[DEFAULT_LANGUAGE]:
        return f"the link '{href}' goes to a page that does not exist: {_no_page(tree, target)}"
    return _missing_anchor(tree, page, target, fragment, href)


def _no_page(tree: ContentTree, target: str) -> str:
    message = f"there is no {tree.name(DEFAULT_LANGUAGE, target)}"
    close = difflib.get_close_matches(target, tree.paths[DEFAULT_LANGUAGE], n=1)
    return message + (f". Did you mean '{close[0]}'?" if close else "")


def _missing_anchor(tree: ContentTree, page: Page, target: str, fragment: str, href: str) -> str | None:
    if not fragment:
        return None
    served = page if target == page.rel else tree.served(page.lang, target)
    if served is None or served.facts is None:
        return None  # a page that cannot be read is reported on its own
    if fragment in served.facts.anchors:
        return None
    if served is page:
        where = "this page"
    elif served.lang == page.lang:
        where = tree.name(served.lang, target)
    else:
        reader = language_name(page.lang, "en")
        where = f"{tree.name(served.lang, target)} (what {reader} readers get until it is translated)"
    close = difflib.get_close_matches(fragment, served.facts.anchors, n=1)
    hint = f" Did you mean '#{close[0]}'?" if close else ""
    return (
        f"the link '{href}' goes to the anchor '#{fragment}', but {where} has no heading "
        f"with that anchor.{hint}"
    )
