"""Internal links and their anchors, checked as a reader of each language follows them.

A link goes to a page (``other.md``, ``../folder/other.md#anchor``), to a
place on the same page (``#anchor``) or to a file published with the pages.
A link may also open a page in another language: ``nb:om-innboks.md#anchor``
(the language, a colon, the page's path inside that language's folder).
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
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_name


def link_problems(tree: ContentTree, page: Page) -> list[Problem]:
    if page.facts is None:
        return []  # a page that cannot be read is reported on its own
    problems = []
    for link in page.facts.links:
        message = broken_link(tree, page, link.href)
        if message:
            problems.append(Problem(page.path, link.line, message))
    for image in page.facts.images:
        message = broken_link(tree, page, image.src, kind="image")
        if message:
            problems.append(Problem(page.path, image.line, message))
    return problems


def broken_link(tree: ContentTree, page: Page, href: str, kind: str = "link") -> str | None:
    """Why the link (or image) ``href`` on ``page`` does not work, or None when it does."""
    parts = urlsplit(href)
    if parts.scheme in LANGUAGES and not parts.netloc:
        return _other_language(tree, page, parts.scheme, unquote(parts.path), unquote(parts.fragment), href)
    if parts.scheme or parts.netloc:
        return None  # another site, e-mail, phone: not ours to check
    if not href.strip():
        return (
            f"a {kind} has no address: write the page it goes to between the parentheses, "
            "e.g. (om-innboks.md)"
        )
    if parts.path.startswith("/"):
        return (
            f"the {kind} '{href}' starts with '/': link to the page's .md file relative to "
            f"this one instead (e.g. 'om-innboks.md'), so it works in every language"
        )
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return _missing_anchor(tree, page, page.rel, fragment, href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
    if target == ".." or target.startswith("../"):
        return f"the {kind} '{href}' points outside the help pages' folder {tree.root.name}/{page.lang}/"
    if path.endswith("/") or tree.is_folder(target):
        return (
            f"the link '{href}' points to a folder: link to a page's .md file, "
            f"e.g. '{posixpath.join(path, 'index.md')}'"
        )
    if not target.endswith(".md"):
        if tree.has_file(target):
            return None
        return f"the {kind} '{href}' goes to a file that does not exist: {_no_file(tree, target, path, kind)}"

    if target not in tree.paths[DEFAULT_LANGUAGE]:
        return f"the link '{href}' goes to a page that does not exist: {_no_page(tree, target)}"
    return _missing_anchor(tree, page, target, fragment, href)


def _other_language(
    tree: ContentTree, page: Page, lang: str, path: str, fragment: str, href: str
) -> str | None:
    """``nb:om-innboks.md#anchor``: that page as readers of ``lang`` get it, its path
    written from the language's folder (the build turns it into the page's address)."""
    target = posixpath.normpath(path) if path else ""
    if not target.endswith(".md") or target.startswith(("../", "/")):
        return (
            f"the link '{href}' names no page: after '{lang}:' write the page's .md file as it is "
            f"named in {tree.root.name}/{lang}/, e.g. '{lang}:om-innboks.md'"
        )
    if target not in tree.paths[DEFAULT_LANGUAGE]:
        return f"the link '{href}' goes to a page that does not exist: {_no_page(tree, target)}"
    return _missing_anchor(tree, page, target, fragment, href, reader=lang)


def _no_file(tree: ContentTree, target: str, path: str, kind: str) -> str:
    message = f"there is no {tree.name(DEFAULT_LANGUAGE, target)}"
    folder = tree.root / DEFAULT_LANGUAGE / posixpath.dirname(target)
    near = [f.name for f in folder.iterdir() if f.is_file()] if folder.is_dir() else []
    close = difflib.get_close_matches(posixpath.basename(target), near, n=1)
    if close:
        return message + f". Did you mean '{posixpath.join(posixpath.dirname(path), close[0])}'?"
    # Files are published from the Norwegian pages' folder for every language.
    return message + (
        f". Put the {'image' if kind == 'image' else 'file'} there (files for every language live "
        "beside the Norwegian pages), "
        "or correct its name."
    )


def _no_page(tree: ContentTree, target: str) -> str:
    message = f"there is no {tree.name(DEFAULT_LANGUAGE, target)}"
    pages = list(tree.paths[DEFAULT_LANGUAGE])
    # A shortened name ("om.md" for "om-innboks.md") is too short for difflib's likeness alone.
    stem = target.removesuffix(".md")
    close = [p for p in pages if p.startswith(stem + "-")] or difflib.get_close_matches(target, pages, n=1)
    return message + (f". Did you mean '{close[0]}'?" if close else "")


def _missing_anchor(
    tree: ContentTree, page: Page, target: str, fragment: str, href: str, reader: str | None = None
) -> str | None:
    """``reader``: the language the link opens the page in, by default the linking page's."""
    if not fragment:
        return None
    reader = reader or page.lang
    served = page if (target, reader) == (page.rel, page.lang) else tree.served(reader, target)
    if served is None or served.facts is None:
        return None  # a page that cannot be read is reported on its own
    if fragment in served.facts.anchors:
        return None
    if served is page:
        where = "this page"
    elif served.lang == reader:
        where = tree.name(served.lang, target)
    else:
        readers = language_name(reader, "en")
        where = f"{tree.name(served.lang, target)} (what {readers} readers get until it is translated)"
    close = difflib.get_close_matches(fragment, served.facts.anchors, n=1)
    hint = f" Did you mean '#{close[0]}'?" if close else ""
    return (
        f"the link '{href}' goes to the anchor '#{fragment}', but {where} has no heading "
        f"with that anchor.{hint}"
    )
