"""``python -m app.helpsite build [--config mkdocs.yml] [--site-dir site] [--serial]``
``python -m app.helpsite serve [--config mkdocs.yml] [--port 8001]``: the editors' preview."""
from __future__ import annotations

import argparse
import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.exceptions import Abort, MkDocsException

from app.helpsite.build import Preview, build_site, current_language


def _name_the_language(record: logging.LogRecord) -> bool:
    """MkDocs names a file by its path inside one language; say which language."""
    lang = getattr(record, "innboks_language", None) or current_language()
    record.msg = f"[{lang}] {record.msg}"
    return True


def _log_to_stderr() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.addFilter(_name_the_language)
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    return handler


def build(args) -> int:
    handler = _log_to_stderr()
    started = time.perf_counter()
    try:
        dates = build_site(args.config, args.site_dir, parallel=not args.serial)
    except (Abort, MkDocsException) as exc:
        print(f"Build failed; {args.site_dir} was left as it was.\n{exc}", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    pages = sum(len(d) for d in dates.values())
    print(f"Built {pages} pages in {len(dates)} languages into {args.site_dir} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def serve(args) -> int:
    """Builds every language, serves the site and rebuilds just the edited pages."""
    from mkdocs.livereload import LiveReloadServer

    if not args.config.is_file():
        print(f"No such configuration file: {args.config}", file=sys.stderr)
        return 2
    with socket.socket() as probe:
        if probe.connect_ex((args.host, args.port)) == 0:
            print(f"Port {args.port} on {args.host} is in use; choose another with --port.",
                  file=sys.stderr)
            return 2
    _log_to_stderr()
    # Stopped by Ctrl+C or a signal, it still stops its language processes
    # (SIGINT too: a shell starts a background job with it ignored).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    site_dir = Path(tempfile.mkdtemp(prefix="innboks-preview-"))
    preview = Preview(args.config, site_dir)
    try:
        started = time.perf_counter()
        try:
            preview.build()
        except (Abort, MkDocsException) as exc:
            print(f"Build failed.\n{exc}", file=sys.stderr)
            return 1
        print(f"Built every language in {time.perf_counter() - started:.1f} s", flush=True)

        one_at_a_time = threading.Lock()

        def rebuild() -> None:
            started = time.perf_counter()
            try:
                with one_at_a_time:
                    rebuilt = preview.update()
            except (Abort, MkDocsException) as exc:
                # The pages as they were stay served; the next save tries again.
                print(f"Not rebuilt:\n{exc}", file=sys.stderr, flush=True)
                return
            if rebuilt:
                print(f"Rebuilt {', '.join(rebuilt)} in {time.perf_counter() - started:.2f} s",
                      flush=True)

        server = LiveReloadServer(rebuild, args.host, args.port, str(site_dir), polling_interval=0.25)
        root = args.config.resolve().parent
        for folder in (preview.content_root, root / "overrides", root / "locales"):
            if folder.is_dir():
                server.watch(str(folder))
        server.watch(str(root), recursive=False)  # mkdocs.yml

        def announce_when_watching() -> None:
            # The watcher sees changes against its first look at the files; an
            # edit saved before that look is caught by one check right after it.
            while not all(_has_looked(e) for e in server.observer.emitters) \
                    or not server.observer.emitters:
                time.sleep(0.05)
            rebuild()
            print(f"Serving the preview on {server.url} (Ctrl+C stops it)", flush=True)

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


def _has_looked(emitter) -> bool:
    from watchdog.utils.dirsnapshot import EmptyDirectorySnapshot

    return not isinstance(getattr(emitter, "_snapshot", None), EmptyDirectorySnapshot)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.helpsite")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="build the help site in all languages")
    build_cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build_cmd.add_argument("--site-dir", type=Path, default=Path("site"))
    build_cmd.add_argument("--serial", action="store_true",
                           help="one language after the other, in this process")
    serve_cmd = sub.add_parser("serve", help="preview the site, rebuilding edited pages")
    serve_cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    return build(args) if args.command == "build" else serve(args)


if __name__ == "__main__":
    sys.exit(main())
