"""Check the help pages' Markdown and tell the editor what to fix.

    python -m app.helpsite.content_check                 # all of content/
    python -m app.helpsite.content_check content/en/om-innboks.md
    python -m app.helpsite.content_check --content DIR --config mkdocs.yml [--no-info] [FILE ...]

One line per finding, ``path:line: error|warning|info: message``, grouped
under a heading per kind (errors first), then one summary line;
``--errors-only`` lists only the errors (for CI). Errors (which also stop the site build, through
:mod:`app.helpsite.content_check.gate`): front matter, a translation
without a Norwegian source, file names, pages missing from ``nav`` (or ``nav``
naming a missing page), blank pages, broken links, anchors, images and files,
images without alt text, more than one h1, skipped heading levels, link texts
that say nothing. Warnings: a translation older than its source, text changed
without a new last_updated (git), text over the LIX limit.
Info: pages not yet translated. Exit status 1 if there is an error, 2 if the
command cannot run (bad arguments, unusable mkdocs.yml), else 0.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from app.arguments import ArgumentParser
from app.helpsite.content_check.check import SEVERITIES, check_content
from app.helpsite.content_check.site_settings import SettingsError, load_settings
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parents[3]
GROUP_TITLES = {
    "error": "Errors: these stop the site from being built",
    "warning": "Warnings: worth fixing before publishing",
    "info": "Notes",
}


class NotAPage(ValueError):
    """A file given to the check is not a help page of the content tree."""


def page_key(content_root: Path, file: Path) -> tuple[str, str]:
    """(language, path inside it) of a help page file, e.g. ("en", "om-innboks.md")."""
    if not file.is_file():
        raise NotAPage(f"{file}: no such file")
    resolved, root = file.resolve(), content_root.resolve()
    for lang in LANGUAGES:
        if resolved.is_relative_to(root / lang):
            rel = resolved.relative_to(root / lang).as_posix()
            if not rel.endswith(".md"):
                raise NotAPage(f"{file}: not a help page (a page is a .md file)")
            return lang, rel
    folders = ", ".join(f"{content_root}/{lang}/" for lang in LANGUAGES)
    raise NotAPage(f"{file}: not a help page: pages are in {folders}")


def _shown(path: Path) -> Path:
    """Paths as the editor typed them: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        relative = os.path.relpath(path)
        return Path(relative) if not relative.startswith("..") else path


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 or word == "info" else "s")


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(
        prog="python -m app.helpsite.content_check",
        description="Check the help pages' Markdown: front matter, translations, links and "
        "anchors, headings, images, link texts and readability.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="pages to check (default: every page under --content)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=ROOT / "content",
        help="the content folder, holding nb/, en/ and se/ (default: %(default)s)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the site's mkdocs.yml (default: the one beside the content folder)",
    )
    parser.add_argument(
        "--no-info", action="store_true", help="do not list untranslated pages (still counted in the summary)"
    )
    parser.add_argument(
        "--errors-only",
        action="store_true",
        help="list only the errors, for CI (warnings and notes are still counted in the summary)",
    )
    args = parser.parse_args(argv)

    content_root = args.content
    if not (content_root / DEFAULT_LANGUAGE).is_dir():
        print(
            f"{content_root}: no help pages here (expected a folder "
            f"{content_root / DEFAULT_LANGUAGE}); use --content to name the content folder",
            file=sys.stderr,
        )
        return 2
    try:
        settings = load_settings(args.config or content_root.parent / "mkdocs.yml")
        lix_max = settings.require_lix_max()
        only = [page_key(content_root, file) for file in args.files] if args.files else None
    except (SettingsError, NotAPage) as exc:
        print(exc, file=sys.stderr)
        return 2

    report = check_content(content_root, settings, only, lix_max)
    hidden = {"warning", "info"} if args.errors_only else {"info"} if args.no_info else set()
    # Grouped, errors first: what stops the build is what the editor reads first.
    for severity in SEVERITIES:
        found = [p for p in report.problems if p.severity == severity]
        if found and severity not in hidden:
            print(f"{GROUP_TITLES[severity]} ({len(found)}):")
            for problem in found:
                print(replace(problem, path=_shown(problem.path)))
            print()
    errors = report.count("error")
    print(
        f"{_plural(report.pages, 'page')} checked: "
        + ", ".join(_plural(report.count(s), s) for s in SEVERITIES)
        + (". Fix the errors: they stop the site from being built." if errors else ".")
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
