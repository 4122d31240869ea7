"""Build the help site in every language into one folder, atomically.

Each language is an ordinary MkDocs build into ``<site>/<lang>/`` with the
``innboks-i18n`` plugin told which language it is. The languages build at the
same time, each in its own process, so a build uses every core. The result is
assembled in a staging folder beside the site and swapped in only when every
language built, so a failed build never leaves a half-written site behind.
"""
from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import shutil
import tempfile
import traceback
import multiprocessing.connection
from pathlib import Path
from xml.sax.saxutils import escape

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException, PluginError

from app.helpsite import pages
from app.helpsite.plugin import check_sources
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations

PLUGIN = "innboks-i18n"
_building: list[str] = []


def current_language() -> str:
    """The language being built, for messages that name a file."""
    return _building[-1] if _building else DEFAULT_LANGUAGE


def load_language_config(config_file: Path, lang: str, out_dir: Path, site_build: bool = True):
    """The MkDocs configuration of one language's build."""
    config = load_config(str(config_file), site_dir=str(out_dir))
    plugin = config.plugins[PLUGIN]
    plugin.language = lang
    plugin.site_build = site_build
    return config


def build_language(config_file: Path, lang: str, out_dir: Path) -> dict[str, dt.date]:
    """Build one language; returns each page's URL (inside the language) and last update."""
    config = load_language_config(config_file, lang, out_dir)
    _building.append(lang)
    try:
        mkdocs_build(config)
    finally:
        _building.pop()
    return dict(config.plugins[PLUGIN].page_dates)


class _Collect(logging.Handler):
    """Keeps a worker's log records to hand them to the parent process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        record.innboks_language = current_language()
        self.records.append(record)


def _in_worker(connection, task, *args) -> None:
    """Runs one task in a worker process and sends back its result, log and error."""
    connection.send(_captured(task, *args))
    connection.close()


def _captured(task, *args) -> dict:
    """Runs a task in a worker; its result, log records and error, to send to the parent."""
    mkdocs_log = logging.getLogger("mkdocs")
    # The parent's handlers write to the parent's streams; the parent replays these records.
    for handler in list(mkdocs_log.handlers):
        mkdocs_log.removeHandler(handler)
    collect = _Collect()
    mkdocs_log.addHandler(collect)
    mkdocs_log.setLevel(logging.WARNING)
    result = {"value": None, "error": None, "records": collect.records}
    try:
        result["value"] = task(*args)
    except (Abort, MkDocsException) as exc:
        result["error"] = (type(exc).__name__, str(exc))
    except Exception:  # a bug, not bad content: the parent shows the whole traceback
        result["error"] = ("RuntimeError", traceback.format_exc())
    return result


def _replay(records) -> None:
    """Logs a worker's records in this process, where the handlers print them."""
    for record in records:
        logging.getLogger(record.name).handle(record)


def _raise(name: str, message: str):
    if name == "Abort":
        raise Abort(message)
    if name == "PluginError":
        raise PluginError(message)
    if name == "RuntimeError":
        raise RuntimeError(message)
    raise MkDocsException(message)


def _run_parallel(tasks: dict[str, tuple]) -> dict[str, dict]:
    """Runs each task in its own process; stops them all as soon as "check" fails."""
    # fork: the workers start with MkDocs already imported, not in a fresh interpreter.
    context = multiprocessing.get_context("fork")
    running, results = {}, {}
    try:
        for name, (task, *args) in tasks.items():
            receive, send = context.Pipe(duplex=False)
            # Not a daemon: the content check may start processes of its own.
            process = context.Process(target=_in_worker, args=(send, task, *args))
            process.start()
            send.close()
            running[receive] = (name, process)
        while running:
            for receive in multiprocessing.connection.wait(list(running)):
                name, process = running.pop(receive)
                try:
                    results[name] = receive.recv()
                except EOFError:  # killed (out of memory?) before it could answer
                    results[name] = {"value": None, "records": [], "error": (
                        "RuntimeError", f"the {name} build process died with code {process.exitcode}")}
                process.join()
                if name == "check" and results[name]["error"]:
                    return results
    finally:
        for _, process in running.values():
            process.kill()
            process.join()
    return results


def build_languages(config_file: Path, staging: Path, languages, parallel: bool) -> dict:
    """Check the sources and build the languages; in parallel all at once, one process each.

    A problem in the sources wins over what the builds say: they would only
    trip over the same problem later and less clearly.
    """
    content_root = Path(load_config(str(config_file)).docs_dir).parent
    if not parallel:
        check_sources(content_root, config_file)
        return {lang: build_language(config_file, lang, staging / lang) for lang in languages}
    tasks = {"check": (check_sources, content_root, config_file)}
    tasks.update({lang: (build_language, config_file, lang, staging / lang) for lang in languages})
    results = _run_parallel(tasks)
    if results["check"]["error"]:
        _raise(*results["check"]["error"])
    for lang in languages:
        _replay(results[lang]["records"])
    for lang in languages:
        if results[lang]["error"]:
            _raise(*results[lang]["error"])
    return {lang: results[lang]["value"] for lang in languages}


def parallel_by_default() -> bool:
    """With more than one core. All the processes start at once: four on two
    cores finish sooner than two rounds of two, and need no balancing."""
    return (os.cpu_count() or 1) > 1


def write_site_root(config_file: Path, site_dir: Path, dates: dict) -> None:
    """The files above the languages: the redirect to nb, the 404 page and the sitemap."""
    root_url = load_config(str(config_file)).site_url.rstrip("/") + "/"
    _write_root(site_dir, root_url, dates)


def build_site(config_file: Path, site_dir: Path, languages=LANGUAGES,
               parallel: bool | None = None) -> dict:
    """Build all languages and replace ``site_dir`` with the result."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    config_file = Path(config_file).resolve()
    root_url = load_config(str(config_file)).site_url.rstrip("/") + "/"
    staging = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.building-", dir=site_dir.parent))
    try:
        dates = build_languages(config_file, staging, tuple(languages),
                                parallel_by_default() if parallel is None else parallel)
        _write_root(staging, root_url, dates)
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dates


def _write_root(staging: Path, root_url: str, dates: dict[str, dict[str, dt.date]]) -> None:
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


def sitemap(root_url: str, dates: dict[str, dict[str, dt.date]]) -> str:
    """One sitemap for all languages, each URL listing its alternates and x-default."""
    langs = list(dates)
    urls = sorted(set().union(*(d.keys() for d in dates.values())))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
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


# ---- preview: one page rebuilt after an edit ---------------------------------------------

class LanguageSession:
    """One language's build, kept in memory so that an edited page is rebuilt alone.

    A page is re-read and re-rendered with the navigation, files and theme of
    the last full build. Anything that changes more than that page (its title,
    which every page's navigation shows; a page added or removed) rebuilds the
    whole language.
    """

    def __init__(self, config_file: Path, lang: str, out_dir: Path) -> None:
        self.config_file, self.lang, self.out_dir = config_file, lang, out_dir
        self.config = None

    def build(self) -> dict[str, dt.date]:
        translations.cache_clear()  # the catalogs may have been compiled again
        self.config = load_language_config(self.config_file, self.lang, self.out_dir)
        _building.append(self.lang)
        try:
            mkdocs_build(self.config)
        finally:
            _building.pop()
        self.sources = self._sources()
        return dict(self.plugin.page_dates)

    @property
    def plugin(self):
        return self.config.plugins[PLUGIN]

    def _sources(self) -> dict[str, object]:
        return {file.abs_src_path: file for file in self.plugin.files.documentation_pages()}

    def rebuild(self, changed: list[str]) -> list[str]:
        """Rebuilds the pages made from the changed source files; returns their URLs."""
        from mkdocs.commands.build import _build_page, _populate_page

        if self.config is None:
            self.build()
            return ["*"]
        mine = [self.sources[path] for path in changed if path in self.sources]
        if not mine:
            return []
        plugin, config = self.plugin, self.config
        doc_files = plugin.files.documentation_pages()
        _building.append(self.lang)
        try:
            for file in mine:
                title = file.page.title
                _populate_page(file.page, config, plugin.files)
                if file.page.title != title:
                    self.build()
                    return ["*"]
                _build_page(file.page, config, doc_files, plugin.nav, plugin.env)
        finally:
            _building.pop()
        return [file.page.url for file in mine]


def _session_loop(connection, config_file: Path, lang: str, out_dir: Path, others=()) -> None:
    """A language's preview process: builds and rebuilds on the parent's word."""
    # The parent's ends of the other sessions' pipes, copied by fork: closed, so
    # that those sessions see the end of their pipe when the parent goes away.
    for other in others:
        other.close()
    session = LanguageSession(config_file, lang, out_dir)
    while True:
        try:
            command, *args = connection.recv()
        except EOFError:  # the preview ended without saying stop
            return
        if command == "stop":
            return
        task = session.build if command == "build" else session.rebuild
        connection.send(_captured(task, *args))


class Preview:
    """The whole site in a folder, with a process per language that stays warm between edits."""

    def __init__(self, config_file: Path, site_dir: Path, languages=LANGUAGES) -> None:
        self.config_file = Path(config_file).resolve()
        self.site_dir = Path(site_dir).resolve()
        self.content_root = Path(load_config(str(self.config_file)).docs_dir).parent
        self.languages = tuple(languages)
        context = multiprocessing.get_context("fork")
        self.sessions = {}
        for lang in self.languages:
            here, there = context.Pipe()
            others = [connection for connection, _ in self.sessions.values()]
            process = context.Process(target=_session_loop, daemon=True, args=(
                there, self.config_file, lang, self.site_dir / lang, others))
            process.start()
            there.close()
            self.sessions[lang] = (here, process)
        self.dates: dict = {}
        self.seen = self._scan()

    def _scan(self) -> dict[str, int]:
        """Modification times of everything a build reads besides the theme's own files."""
        root = self.config_file.parent
        stamps = {str(self.config_file): self.config_file.stat().st_mtime_ns}
        for folder in [self.content_root, root / "overrides", root / "locales"]:
            for path in folder.rglob("*"):
                if path.is_file():
                    stamps[str(path)] = path.stat().st_mtime_ns
        return stamps

    def _ask(self, command: tuple, languages) -> dict:
        for lang in languages:
            self.sessions[lang][0].send(command)
        results = {lang: self.sessions[lang][0].recv() for lang in languages}
        for lang in languages:
            _replay(results[lang]["records"])
        for lang in languages:
            if results[lang]["error"]:
                _raise(*results[lang]["error"])
        return results

    def build(self) -> None:
        """Every language in full, at the same time."""
        self.seen = self._scan()
        self._front_matter_ok(p for p in self.seen if p.endswith(".md"))
        results = self._ask(("build",), self.languages)
        self.dates = {lang: results[lang]["value"] for lang in self.languages}
        write_site_root(self.config_file, self.site_dir, self.dates)

    def update(self) -> list[str]:
        """Rebuilds what the edits since the last call touched; returns what it rebuilt."""
        now = self._scan()
        changed = [path for path, stamp in now.items() if self.seen.get(path) != stamp]
        removed = [path for path in self.seen if path not in now]
        if not changed and not removed:
            return []
        pages_only = not removed and all(
            path.endswith(".md") and path in self.seen for path in changed)
        if not pages_only:
            self.build()
            return ["everything"]
        self._front_matter_ok(changed)
        self.seen = now
        results = self._ask(("rebuild", changed), self.languages)
        return [f"{lang}/{url}" for lang in self.languages for url in results[lang]["value"]]

    def _front_matter_ok(self, paths) -> None:
        problems = [problem for path in paths for problem in pages.read_source(Path(path))[1]]
        if problems:
            raise PluginError("The help pages have errors:\n" + "\n".join(map(str, problems)))

    def close(self) -> None:
        for connection, process in self.sessions.values():
            try:
                connection.send(("stop",))
            except OSError:
                pass
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
