"""The help pages of ``content/``, each read at most once.

A page is read when a check first asks for it, and kept, keyed by the file's
size and modification time, for as long as the process runs: a preview
rebuild after an edit re-reads only the edited file. The site build hands
over what it rendered of each page (``rendered``), so the check reads only
the front matter of those pages instead of rendering them a second time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from app.helpsite.content_check import sources
from app.helpsite.content_check.page_facts import PageFacts, PageReader, Rendered, facts_of
from app.helpsite.content_check.site_settings import SiteSettings
from app.helpsite.content_check.sources import Problem
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES


@dataclass(frozen=True)
class Page:
    lang: str
    rel: str  # the page's path inside its language, e.g. "om-innboks.md"
    path: Path
    meta: dict | None  # None when the front matter cannot be read
    field_lines: dict
    problems: tuple[Problem, ...]  # of the front matter
    facts: PageFacts | None


_cache: dict[Path, tuple[tuple[int, int], SiteSettings, Page]] = {}
_reader: PageReader | None = None
#: From this many unread pages on, they are read by one process per core.
PARALLEL_FROM = 400


def clear_cache() -> None:
    _cache.clear()


def _signature(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def _is_cached(path: Path, settings: SiteSettings) -> bool:
    cached = _cache.get(path)
    return cached is not None and cached[1] is settings and cached[0] == _signature(path)


def _read(lang: str, rel: str, path: Path, settings: SiteSettings, rendered: Rendered | None = None) -> Page:
    signature = _signature(path)
    cached = _cache.get(path)
    if cached and cached[0] == signature and cached[1] is settings:
        return cached[2]
    page = _parse(lang, rel, path, settings, rendered)
    _cache[path] = (signature, settings, page)
    return page


def _parse(lang: str, rel: str, path: Path, settings: SiteSettings, rendered: Rendered | None = None) -> Page:
    global _reader
    source, problems = sources.read_source(path)
    facts = None
    if source and rendered is not None:
        facts = facts_of(rendered, source)
    elif source:
        if _reader is None or _reader.settings is not settings:
            _reader = PageReader(settings)
        facts = _reader.facts(source)
    return Page(
        lang,
        rel,
        path,
        meta=source.meta if source else None,
        field_lines=source.field_lines if source else {},
        problems=tuple(problems),
        facts=facts,
    )


_worker_settings: SiteSettings | None = None  # inherited by forked workers


def _parse_in_worker(items: list[tuple[str, str, Path]]) -> list[tuple[tuple[int, int], Page]]:
    assert _worker_settings is not None, "set before the workers are forked"
    return [(_signature(path), _parse(lang, rel, path, _worker_settings)) for lang, rel, path in items]


def _parse_in_parallel(items: list[tuple[str, str, Path]], settings: SiteSettings, jobs: int) -> None:
    global _worker_settings
    _worker_settings = settings
    # fork: workers start with Markdown and the settings loaded instead of importing them again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for part in pool.map(_parse_in_worker, [items[i::jobs] for i in range(jobs)]):
            for signature, page in part:
                _cache[page.path] = (signature, settings, page)


class ContentTree:
    """``content/<lang>/**/*.md`` for every language."""

    def __init__(self, root: Path, settings: SiteSettings, rendered: Mapping[str, Rendered] | None = None):
        """``rendered``: what a build rendered of the pages, by ``os.path.abspath`` of their source."""
        self.root = root
        self.settings = settings
        self.paths = {lang: sources.page_paths(root, lang) for lang in LANGUAGES}
        self.rendered = rendered or {}
        self._files: dict[str, bool] = {}

    def read_all(self, jobs: int | None = None) -> None:
        """Read every page not read yet, one process per core when there are many."""
        jobs = jobs or len(os.sched_getaffinity(0))
        todo = [
            (lang, rel, path)
            for lang in LANGUAGES
            for rel, path in self.paths[lang].items()
            if not _is_cached(path, self.settings) and os.path.abspath(path) not in self.rendered
        ]
        if jobs > 1 and len(todo) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            _parse_in_parallel(todo, self.settings, min(jobs, len(todo)))

    def page(self, lang: str, rel: str) -> Page | None:
        path = self.paths[lang].get(rel)
        return (
            _read(lang, rel, path, self.settings, self.rendered.get(os.path.abspath(path))) if path else None
        )

    def source_of(self, rel: str) -> Page | None:
        return self.page(DEFAULT_LANGUAGE, rel)

    def served(self, lang: str, rel: str) -> Page | None:
        """The page a reader of ``lang`` gets at ``rel``: its translation, else the nb page."""
        if rel not in self.paths[DEFAULT_LANGUAGE]:
            return None  # a page without an nb source is not published
        return self.page(lang, rel) or self.source_of(rel)

    def has_file(self, rel: str) -> bool:
        """Whether ``rel`` (not a page) is published: files are published from nb's folder."""
        if rel not in self._files:
            self._files[rel] = (self.root / DEFAULT_LANGUAGE / rel).is_file()
        return self._files[rel]

    def is_folder(self, rel: str) -> bool:
        return (self.root / DEFAULT_LANGUAGE / rel).is_dir()

    def name(self, lang: str, rel: str) -> str:
        """How a message names a page: content/nb/om-innboks.md."""
        return f"{self.root.name}/{lang}/{rel}"
