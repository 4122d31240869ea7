"""A page's Markdown rendered once per process, not once per language.

A page without a translation is built from the nb file in nb and again in every
language that falls back to it. The Markdown comes out the same each time:
Python-Markdown sees the same text with the same extensions, and MkDocs makes
each link from the target's address, which is the same in every language. So
the first rendering is remembered (`RENDERS`) and a later build in the same
process takes it instead of rendering again: the site build builds nb and the
language with most fallback pages in one process (`site.groups`), and a serial
build builds every language in one.

What a rendering gives is kept as MkDocs' `Page.render` leaves it (content,
table of contents, title, anchors, links to anchors by the target's path) with
what the content check recorded of it. It is taken again only for the same
source file, text, address, files (each one's path, address and inclusion)
and Markdown settings. A rendering that logged anything (a broken link, say) is
not remembered, so every build reports it.
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from app.helpsite.content_check.page_facts import FactsExtension, Rendered


@dataclass(frozen=True)
class _Render:
    markdown: str
    content: str
    toc: list  # as tokens, made into a page's own each time: plugins change it (marks on a fallback's)
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    facts: Rendered | None


class RenderMemo:
    def __init__(self) -> None:
        # One entry a page and setting: an edited page's new rendering replaces its old one.
        self._renders: dict[tuple, _Render] = {}
        self._files: weakref.WeakKeyDictionary[Files, tuple] = weakref.WeakKeyDictionary()
        # The last build's configuration, the key of its settings and its Markdown instance.
        self._build: tuple[weakref.ref[MkDocsConfig], tuple, markdown.Markdown] | None = None

    def clear(self) -> None:
        self._renders.clear()

    def __len__(self) -> int:
        return len(self._renders)

    def render(self, page: Page, config: MkDocsConfig, files: Files, facts: FactsExtension | None) -> bool:
        """``page.render(config, files)``, or what an earlier rendering alike gave; ``facts``
        is told what the page holds either way. Whether it was remembered."""
        assert page.markdown is not None, "read before it is rendered"
        file = page.file
        settings, md = self._of_build(config)
        key = (file.abs_src_path, file.src_uri, file.url, self._files_key(files), settings)
        found = self._renders.get(key)
        if found is not None and found.markdown == page.markdown:
            page.content = found.content
            page.toc = get_toc(found.toc)
            page._title_from_render = found.title
            page.present_anchor_ids = set(found.anchors)
            if found.links_to_anchors is not None:
                page.links_to_anchors = {
                    target: dict(links)
                    for uri, links in found.links_to_anchors.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
            if facts is not None:
                facts.last = found.facts
            return True
        if facts is not None:
            facts.last = None
        with _logged() as records:
            self._render(page, config, files, md)
        if records:
            self._renders.pop(key, None)
            return False
        links = page.links_to_anchors
        self._renders[key] = _Render(
            markdown=page.markdown,
            content=page.content or "",
            toc=[_token(anchor) for anchor in page.toc],
            title=page._title_from_render,
            anchors=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=(
                None if links is None else {target.src_uri: dict(found) for target, found in links.items()}
            ),
            facts=facts.last if facts is not None else None,
        )
        return False

    def _render(self, page: Page, config: MkDocsConfig, files: Files, md: markdown.Markdown) -> None:
        """MkDocs 1.6.1's ``Page.render``, but with one Markdown instance per build, reset
        between pages as Python-Markdown asks, where MkDocs makes a new one for every page
        and loads every extension into it again. tests/helpsite/build/test_renders.py holds
        MkDocs' own against the copy this was made from."""
        assert page.markdown is not None
        md.reset()
        raw_html_ext = pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors

    def _files_key(self, files: Files) -> tuple:
        # Computed once per build's Files: nothing adds to them once the pages are rendered.
        key = self._files.get(files)
        if key is None:
            key = self._files[files] = tuple((f.src_uri, f.url, f.inclusion) for f in files)
        return key

    def _of_build(self, config: MkDocsConfig) -> tuple[tuple, markdown.Markdown]:
        """The key of the build's settings and its one Markdown instance, made once per build
        (a configuration, being a dict, cannot be a weak key)."""
        if self._build is None or self._build[0]() is not config:
            # An extension given as an object is known by its class alone: the site's one such
            # (the content check's FactsExtension) only reads the page and changes nothing in it.
            extensions = tuple(
                name if isinstance(name, str) else type(name).__qualname__
                for name in config.markdown_extensions
            )
            settings = (
                extensions,
                _stable(config.mdx_configs),
                _stable(config.validation),
                config.use_directory_urls,
                logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG,
            )
            md = markdown.Markdown(
                extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
            )
            self._build = (weakref.ref(config), settings, md)
        return self._build[1], self._build[2]


def _token(anchor: AnchorLink) -> dict:
    """An entry of a table of contents as Python-Markdown's toc gave it to MkDocs' ``get_toc``."""
    children = [_token(child) for child in anchor.children]
    return {"level": anchor.level, "id": anchor.id, "name": anchor.title, "children": children}


def _stable(value: Any) -> Any:
    """``value`` as a key equal for equal settings loaded twice: mkdocs.yml makes a new
    ``functools.partial`` (the toc's slugify) each time it is loaded."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _stable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_stable(v) for v in value)
    if isinstance(value, functools.partial):
        return ("partial", _stable(value.func), _stable(value.args), _stable(value.keywords))
    if callable(value) and hasattr(value, "__qualname__"):
        return (getattr(value, "__module__", ""), value.__qualname__)
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    return (type(value).__qualname__, repr(value))  # an unknown object: equal only to itself, as a rule


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _logged() -> Iterator[list[logging.LogRecord]]:
    """What MkDocs and Python-Markdown log meanwhile, at any level they let through."""
    kept = _Kept()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("MARKDOWN"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(kept)
    try:
        yield kept.records
    finally:
        for logger in loggers:
            logger.removeHandler(kept)


#: The one memory of the process.
RENDERS = RenderMemo()
