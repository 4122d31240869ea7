"""``python -m app.helpsite build [--config mkdocs.yml] [--site-dir site]``"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from mkdocs.exceptions import Abort, MkDocsException

from app.helpsite.build import build_site, current_language


def _name_the_language(record: logging.LogRecord) -> bool:
    """MkDocs names a file by its path inside one language; say which language."""
    record.msg = f"[{current_language()}] {record.msg}"
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.helpsite")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the help site in all languages")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    args = parser.parse_args(argv)

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.addFilter(_name_the_language)
    handler.setLevel(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    started = time.perf_counter()
    try:
        dates = build_site(args.config, args.site_dir)
    except (Abort, MkDocsException) as exc:
        print(f"Build failed; {args.site_dir} was left as it was.\n{exc}", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    pages = sum(len(d) for d in dates.values())
    print(f"Built {pages} pages in {len(dates)} languages into {args.site_dir} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
