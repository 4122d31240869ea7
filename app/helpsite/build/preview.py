"""The editors' preview (``make preview``): the site served, and an edited page rebuilt alone.

Each language keeps its last build in a process of its own, so that a saved
page is re-rendered in a fraction of a second instead of the whole site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import multiprocessing
import os
import shutil
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from watchdog import events
from watchdog.observers import Observer
from watchdog.utils.dirsnapshot import EmptyDirectorySnapshot

from app.helpsite.build import workers
from app.helpsite.build.plugin import LanguagePlugin, language_plugin
from app.helpsite.build.site import Dates, build_language_config, content_root, write_site_root
from app.helpsite.build.status_page import PREVIEW_PATH, status_html
from app.helpsite.content_check.gate import check_pages, check_sources
from app.i18n import LANGUAGES, translations


class LanguageSession:
    """One language's build, kept in memory so that an edited page is rebuilt alone.

    A page is re-read and re-rendered with the navigation, files and theme of
    the last full build. Anything that changes more than that page (its title,
    which every page's navigation shows; a page added or removed) rebuilds the
    whole language.
    """

    def __init__(self, config_file: Path, lang: str, out_dir: Path) -> None:
        self.config_file, self.lang, self.out_dir = config_file, lang, out_dir
        self.config: MkDocsConfig | None = None
        self.pages: dict[str, Page] = {}  # by source file

    def build(self) -> dict[str, dt.date]:
        translations.cache_clear()  # the catalogs may have been compiled again
        self.config = build_language_config(self.config_file, self.lang, self.out_dir)
        self.pages = {
            file.abs_src_path: file.page
            for file in self.plugin.files.documentation_pages()
            if file.abs_src_path and file.page
        }
        return dict(self.plugin.page_dates)

    @property
    def plugin(self) -> LanguagePlugin:
        assert self.config is not None, "built first"
        return language_plugin(self.config)

    def rebuild(self, changed: list[str]) -> list[str]:
        """Rebuilds the pages made from the changed source files; returns their URLs."""
        if self.config is None:
            self.build()
            return ["*"]
        mine = [self.pages[path] for path in changed if path in self.pages]
        if not mine:
            return []
        plugin, config = self.plugin, self.config
        doc_files = plugin.files.documentation_pages()
        with workers.building(self.lang):
            for page in mine:
                title = page.title
                _populate_page(page, config, plugin.files)
                if page.title != title:
                    self.build()
                    return ["*"]
                _build_page(page, config, doc_files, plugin.nav, plugin.env)
        return [page.url for page in mine]


def _session_loop(
    connection: Connection, config_file: Path, lang: str, out_dir: Path, others: Iterable[Connection] = ()
) -> None:
    """A language's preview process: builds and rebuilds on the parent's word."""
    # Ctrl+C reaches every process of the terminal's group; the parent alone
    # handles it and tells this one to stop, so it never prints a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
        connection.send(workers.captured(task, *args))


class Preview:
    """The whole site in a folder, with a process per language that stays warm between edits."""

    def __init__(self, config_file: Path, site_dir: Path, languages: Iterable[str] = LANGUAGES) -> None:
        self.config_file = Path(config_file).resolve()
        self.site_dir = Path(site_dir).resolve()
        self.content_root = content_root(self.config_file)
        self.languages = tuple(languages)
        context = multiprocessing.get_context("fork")
        self.sessions: dict[str, tuple[Connection, Any]] = {}
        for lang in self.languages:
            here, there = context.Pipe()
            others = [connection for connection, _ in self.sessions.values()]
            process = context.Process(
                target=_session_loop,
                daemon=True,
                args=(there, self.config_file, lang, self.site_dir / lang, others),
            )
            process.start()
            there.close()
            self.sessions[lang] = (here, process)
        self.dates: Dates = {}
        self.seen = self._scan()
        self.complete = False  # whether the last full build got through

    def _scan(self) -> dict[str, int]:
        """Modification times of everything a build reads besides the theme's own files."""
        stamps = {str(self.config_file): self.config_file.stat().st_mtime_ns}
        # os.walk and one stat a file: it runs after every save, and Path.rglob with
        # is_file() and stat() took 60 ms of a save's 160 at 3×1000 pages.
        for folder in self.watched():
            for top, _dirs, names in os.walk(folder):
                for name in names:
                    path = os.path.join(top, name)
                    with contextlib.suppress(FileNotFoundError):  # removed meanwhile
                        status = os.stat(path)
                        if stat.S_ISREG(status.st_mode):
                            stamps[path] = status.st_mtime_ns
        return stamps

    def watched(self) -> list[Path]:
        """The folders of the sources besides mkdocs.yml: pages, theme overrides, catalogs."""
        root = self.config_file.parent
        return [self.content_root, root / "overrides", root / "locales"]

    def _ask(self, command: tuple, languages: tuple[str, ...]) -> dict[str, Any]:
        for lang in languages:
            self.sessions[lang][0].send(command)
        return workers.values({lang: self.sessions[lang][0].recv() for lang in languages}, languages)

    def build(self) -> None:
        """Every language in full, at the same time."""
        self.seen = self._scan()
        self.complete = False
        check_sources(self.content_root, self.config_file)
        self.dates = self._ask(("build",), self.languages)
        write_site_root(self.config_file, self.site_dir, self.dates)
        self.complete = True

    def update(self) -> list[str]:
        """Rebuilds what the edits since the last call touched; returns what it rebuilt."""
        now = self._scan()
        changed = [path for path, stamp in now.items() if self.seen.get(path) != stamp]
        removed = [path for path in self.seen if path not in now]
        if not changed and not removed:
            return []
        pages_only = (
            self.complete
            and not removed
            and all(path.endswith(".md") and path in self.seen for path in changed)
        )
        if not pages_only:
            self.build()
            return ["everything"]
        check_pages(self.content_root, self.config_file, [Path(p) for p in changed])
        self.seen = now
        rebuilt = self._ask(("rebuild", changed), self.languages)
        return [f"{lang}/{url}" for lang in self.languages for url in rebuilt[lang]]

    def close(self) -> None:
        for connection, process in self.sessions.values():
            with contextlib.suppress(OSError):  # the process is gone already
                connection.send(("stop",))
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def serve_command(config_file: Path, host: str, port: int) -> int:
    """``python -m app.helpsite serve``: builds every language, serves the site and
    rebuilds just the edited pages; the exit status."""
    if not config_file.is_file():
        print(f"No such configuration file: {config_file}", file=sys.stderr)
        return 2
    with socket.socket() as probe:
        if probe.connect_ex((host, port)) == 0:
            print(f"Port {port} on {host} is in use; choose another with --port.", file=sys.stderr)
            return 2
    workers.log_to_stderr()
    # Stopped by Ctrl+C or a signal, it still stops its language processes
    # (SIGINT too: a shell starts a background job with it ignored).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    site_dir = Path(tempfile.mkdtemp(prefix="innboks-preview-"))
    preview = Preview(config_file, site_dir)
    try:
        started = time.perf_counter()
        first_error = None
        try:
            preview.build()
        except (Abort, MkDocsException) as exc:
            # Served in place of every page until a save fixes it, as any later error.
            first_error = str(exc)
            print(f"Not built:\n{exc}", file=sys.stderr, flush=True)
        else:
            print(f"Built every language in {time.perf_counter() - started:.1f} s", flush=True)

        one_at_a_time = threading.Lock()

        def rebuild() -> None:
            started = time.perf_counter()
            try:
                with one_at_a_time:
                    rebuilt = preview.update()
            except (Abort, MkDocsException) as exc:
                # Every page shows the error until a save fixes it; the server
                # reloads the open pages after this call, and again after the fix.
                server.build_error = str(exc)
                print(f"Not rebuilt:\n{exc}", file=sys.stderr, flush=True)
                return
            if rebuilt:  # nothing rebuilt: nothing changed, and an error shown still holds
                server.build_error = None
                print(f"Rebuilt {', '.join(rebuilt)} in {time.perf_counter() - started:.2f} s", flush=True)

        server = PreviewServer(rebuild, host, port, str(site_dir))
        server.build_error = first_error
        server.status = lambda: status_html(preview.content_root, preview.config_file)
        for folder in preview.watched():
            if folder.is_dir():
                server.watch(str(folder))
        server.watch(str(preview.config_file.parent), recursive=False)  # mkdocs.yml

        def announce_when_watching() -> None:
            # The watcher sees changes against its first look at the files; an
            # edit saved before that look is caught by one check right after it.
            while not all(_has_looked(e) for e in server.observer.emitters) or not server.observer.emitters:
                time.sleep(0.05)
            rebuild()
            print(
                f"Serving the preview on {server.url} (Ctrl+C stops it); "
                f"translation status on {server.url.rstrip('/')}{PREVIEW_PATH}",
                flush=True,
            )

        threading.Thread(target=announce_when_watching, daemon=True).start()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


#: What a save is: a file written, made, removed or renamed. Not a file opened or read,
#: which the rebuild itself does to every page it reads.
CHANGES = [
    events.FileModifiedEvent,
    events.FileClosedEvent,
    events.FileCreatedEvent,
    events.FileDeletedEvent,
    events.FileMovedEvent,
]


class _ChangesObserver(Observer):  # type: ignore[misc,valid-type]
    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(
            event_handler, path, recursive=recursive, event_filter=CHANGES, follow_symlink=follow_symlink
        )


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reloading server that shows the last build error in place of every page."""

    build_error: str | None = None
    status: Any = None  # makes the translation status page, served at PREVIEW_PATH

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The platform's own watcher (inotify on Linux) hears of a save at once; MkDocs'
        # polling looked every quarter second, most of the time from save to served.
        self.observer = _ChangesObserver()
        # How long to wait for a save's further writes before rebuilding (MkDocs: 0.1 s).
        self.build_delay = 0.02

    def _serve_request(self, environ, start_response):
        error, path = self.build_error, environ["PATH_INFO"]
        if path == PREVIEW_PATH and self.status is not None:
            page = self.status().encode("utf-8")  # made on each visit: always the pages as saved
            start_response(
                "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
            )
            return [page]
        if (
            error is None
            or path.startswith("/livereload/")
            or not (path.endswith("/") or path.endswith(".html"))
        ):
            return super()._serve_request(environ, start_response)
        page = error_page(error).encode("utf-8")
        # The live-reload script, so the page comes back by itself once the error is fixed.
        page = self._inject_js_into_html(page, self._visible_epoch)
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]


def error_page(error: str) -> str:
    """What the browser shows while the pages cannot be built: the check's lines, file:line: message."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>The help pages cannot be built</title></head>"
        '<body style="font-family: sans-serif; margin: 2em; max-width: 60em">'
        "<h1>The help pages cannot be built</h1>"
        "<p>Fix what is listed here and save: this page is replaced by yours as soon as it builds.</p>"
        f'<pre style="white-space: pre-wrap">{html.escape(error, quote=False)}</pre></body></html>'
    )


def _has_looked(emitter: Any) -> bool:
    """Whether the watcher is watching yet: inotify's watches are set up in the emitter's own
    thread, a poller has taken its first look; a save before that would go unseen."""
    if hasattr(emitter, "_inotify"):
        return emitter._inotify is not None
    return not isinstance(getattr(emitter, "_snapshot", None), EmptyDirectorySnapshot)
