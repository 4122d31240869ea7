"""``python -m app.helpsite build [--config mkdocs.yml] [--site-dir site] [--serial]``
``python -m app.helpsite serve [--config mkdocs.yml] [--port 8001]``: the editors' preview."""

from __future__ import annotations

import sys
from pathlib import Path

from app.arguments import ArgumentParser


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m app.helpsite")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="build the help site in all languages")
    build_cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build_cmd.add_argument("--site-dir", type=Path, default=Path("site"))
    build_cmd.add_argument(
        "--serial", action="store_true", help="one language after the other, in this process"
    )
    serve_cmd = sub.add_parser("serve", help="preview the site, rebuilding edited pages")
    serve_cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    # Each command imports only what it runs: a build does without the preview's web server
    # and file watcher, and each build pays its imports (bench/site_build.py counts them).
    if args.command == "build":
        from app.helpsite.build.site import build_command

        return build_command(args.config, args.site_dir, parallel=not args.serial)
    from app.helpsite.build.preview import serve_command

    return serve_command(args.config, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
