"""Build the help site in every language into one folder, atomically.

Each language is an ordinary MkDocs build into ``<site>/<lang>/`` with the
``innboks-i18n`` plugin told which language it is. The languages build at the
same time, so a build uses every core: nb shares a forked process with the
language that falls back to it most, which then takes nb's renderings of those
pages (renders.py) instead of rendering them again, and the rest build in
processes of their own, the last in this one (`groups`). The result is
assembled in a staging folder beside the site and swapped in only when every
language built, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from app.helpsite.build import workers
from app.helpsite.build.plugin import SITE_MAP_TEMPLATE, language_plugin, prepare_environment, set_options
from app.helpsite.build.renders import RENDERS
from app.helpsite.build.status_page import write_status
from app.helpsite.build.templates import compile_ahead, theme_environment
from app.helpsite.content_check.gate import check_sources
from app.helpsite.content_check.page_facts import Rendered
from app.helpsite.content_check.sources import page_paths
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

#: Each language's pages: URL inside the language, and the day the page was last updated.
Dates = dict[str, dict[str, dt.date]]
#: What one language's build gives back: its pages' dates, and what it rendered of each source.
Built = tuple[dict[str, dt.date], dict[str, Rendered]]


def content_root(config_file: Path) -> Path:
    """The folder holding nb/, en/ and se/."""
    return Path(_loaded(config_file).docs_dir).parent


def _root_url(config_file: Path) -> str:
    # Without site_url each language's build stops, saying so.
    return (_loaded(config_file).site_url or "").rstrip("/") + "/"


def _loaded(config_file: Path) -> MkDocsConfig:
    """``config_file`` as loaded once while it is unchanged, to read, never to change (a
    language's build loads its own): a build asks several times, and MkDocs validates the
    whole navigation each time."""
    path = Path(config_file).resolve()
    stat = path.stat()
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(config_file: str, _mtime_ns: int, _size: int) -> MkDocsConfig:
    return load_config(config_file)


def build_language_config(config_file: Path, lang: str, out_dir: Path) -> MkDocsConfig:
    """Builds one language as part of the whole site; returns the configuration it was built with."""
    config = load_config(str(config_file), site_dir=str(out_dir))
    set_options(config, language=lang, site_build=True)
    with workers.building(lang):
        try:
            mkdocs_build(config)
        except TemplateSyntaxError as exc:  # in overrides/: say where, as for a page
            raise Abort(f"{exc.filename}:{exc.lineno}: the template cannot be read: {exc.message}") from exc
    return config


def build_language(config_file: Path, lang: str, out_dir: Path) -> Built:
    """Build one language; returns each page's URL (inside the language) and last update,
    and what it rendered of each page source, for the content check."""
    plugin = language_plugin(build_language_config(config_file, lang, out_dir))
    return dict(plugin.page_dates), plugin.rendered


def build_in_turn(config_file: Path, languages: Iterable[str], staging: Path) -> dict[str, Built]:
    """Build the languages one after the other in this process, so that a page the first
    renders serves the others that fall back to it (renders.py)."""
    return {lang: build_language(config_file, lang, staging / lang) for lang in languages}


def groups(root: Path, languages: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The parallel build's processes, each building its languages in turn: nb with the
    language that falls back to most of its pages, so those pages are rendered once, and
    every other language in a process of its own."""
    if DEFAULT_LANGUAGE not in languages:
        return [(lang,) for lang in languages]
    sources = set(page_paths(root, DEFAULT_LANGUAGE))
    fallbacks = {
        lang: len(sources - set(page_paths(root, lang))) for lang in languages if lang != DEFAULT_LANGUAGE
    }
    most = max(fallbacks, key=lambda lang: fallbacks[lang], default=None)
    if most is None or not fallbacks[most]:
        return [(lang,) for lang in languages]
    return [
        (DEFAULT_LANGUAGE, most),
        *((lang,) for lang in languages if lang not in (DEFAULT_LANGUAGE, most)),
    ]


def build_languages(config_file: Path, staging: Path, languages: tuple[str, ...], parallel: bool) -> Dates:
    """Build the languages and check the sources; in parallel, a process for each of `groups`.

    The content check reads the pages as the builds rendered them, so it runs
    once they are done and renders nothing again. A problem in the sources wins
    over what a failed build says: the build would only have tripped over the
    same problem, less clearly.
    """
    root = content_root(config_file)
    # What an earlier build in this process rendered is of no use to this one (a test's
    # pages, a site since edited): kept, it would only grow.
    RENDERS.clear()
    try:
        if parallel:
            # Compiled here once, the templates are in each forked build's memory already.
            with contextlib.suppress(TemplateError):  # a broken one: the builds say where, as ever
                compile_theme(config_file)
            tasks: dict[str, workers.Task] = {
                group[0]: (build_in_turn, config_file, group, staging) for group in groups(root, languages)
            }
            # The last group builds here while the others build in their processes.
            done: dict[str, Built] = {}
            for group in workers.values(workers.run_parallel(tasks, here=list(tasks)[-1]), tasks).values():
                done.update(group)
            built = {lang: done[lang] for lang in languages}
        else:
            built = build_in_turn(config_file, languages, staging)
    except Exception:  # also a page that makes the build crash: the check names its problem
        check_sources(root, config_file)
        raise
    rendered: dict[str, Rendered] = {}
    # A page's own language last: en and se render an untranslated nb page too.
    for lang in sorted(built, key=lambda lang: lang == DEFAULT_LANGUAGE):
        rendered.update(built[lang][1])
    check_sources(root, config_file, rendered)
    return {lang: dates for lang, (dates, _) in built.items()}


def compile_theme(config_file: Path) -> int:
    """Compiles the templates every language's build renders (the pages', the 404 page's,
    the site map's and what they include) into this process's cache; returns how many."""
    theme = _loaded(config_file).theme
    env = theme_environment(theme)
    prepare_environment(env, DEFAULT_LANGUAGE)
    roots = {"main.html", SITE_MAP_TEMPLATE} | {t for t in theme.static_templates if t.endswith(".html")}
    return compile_ahead(env, sorted(roots))


def parallel_by_default() -> bool:
    """With more than one core. All the processes (`groups`) start at once: more
    processes than cores finish sooner than rounds of them, and need no balancing."""
    return (os.cpu_count() or 1) > 1


def write_site_root(config_file: Path, site_dir: Path, dates: Dates) -> None:
    """The files above the languages: the redirect to nb, the 404 page and the sitemap."""
    _write_root(site_dir, _root_url(config_file), dates)


def build_site(
    config_file: Path, site_dir: Path, languages: Iterable[str] = LANGUAGES, parallel: bool | None = None
) -> Dates:
    """Build all languages and replace ``site_dir`` with the result."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    config_file = Path(config_file).resolve()
    root_url = _root_url(config_file)
    staging = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.building-", dir=site_dir.parent))
    try:
        dates = build_languages(
            config_file, staging, tuple(languages), parallel_by_default() if parallel is None else parallel
        )
        _write_root(staging, root_url, dates)
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dates


def build_command(config_file: Path, site_dir: Path, parallel: bool) -> int:
    """``python -m app.helpsite build``: the site, or why not; the exit status."""
    handler = workers.log_to_stderr()
    started = time.perf_counter()
    try:
        dates = build_site(config_file, site_dir, parallel=parallel)
    except (Abort, MkDocsException) as exc:
        print(f"Build failed; {site_dir} was left as it was.\n{exc}", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    pages = sum(len(d) for d in dates.values())
    status = write_status(content_root(config_file), config_file, site_dir)
    print(
        f"Built {pages} pages in {len(dates)} languages into {site_dir} "
        f"in {time.perf_counter() - started:.1f} s; translation status in {status}"
    )
    return 0


def _write_root(staging: Path, root_url: str, dates: Dates) -> None:
    default = DEFAULT_LANGUAGE
    (staging / "index.html").write_text(
        f'<!doctype html><html lang="{default}"><head><meta charset="utf-8">'
        f'<title>Innboks</title><meta http-equiv="refresh" content="0; url={default}/">'
        f'<link rel="canonical" href="{root_url}{default}/"></head>'
        f'<body><a href="{default}/">Innboks</a></body></html>\n',
        encoding="utf-8",
    )
    shutil.copy(staging / default / "404.html", staging / "404.html")
    for lang in dates:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (staging / lang / name).unlink(missing_ok=True)
    (staging / "sitemap.xml").write_text(sitemap(root_url, dates), encoding="utf-8")


def sitemap(root_url: str, dates: Dates) -> str:
    """One sitemap for all languages, each URL listing its alternates and x-default."""
    langs = list(dates)
    urls = sorted(set().union(*(d.keys() for d in dates.values())))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url in urls:
        alternates = [(lang, f"{root_url}{lang}/{url}") for lang in langs]
        alternates.append(("x-default", f"{root_url}{DEFAULT_LANGUAGE}/{url}"))
        for lang in langs:
            if url not in dates[lang]:
                continue
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(f'{root_url}{lang}/{url}')}</loc>")
            lines.append(f"    <lastmod>{dates[lang][url].isoformat()}</lastmod>")
            lines.extend(
                f'    <xhtml:link rel="alternate" hreflang="{code}" href="{escape(href)}"/>'
                for code, href in alternates
            )
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _swap(staging: Path, site_dir: Path) -> None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{site_dir.name}.old-{staging.name.rsplit('-', 1)[-1]}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
