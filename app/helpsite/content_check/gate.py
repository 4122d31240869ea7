"""The build's gate: any error of the content check stops the site build, naming the files.

Warnings and info never stop it; they are for the editor at ``make check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from mkdocs.exceptions import PluginError

from app.helpsite.content_check.check import check_content
from app.helpsite.content_check.page_facts import Rendered
from app.helpsite.content_check.site_settings import SettingsError, load_settings
from app.helpsite.content_check.sources import Problem


def tree_problems(
    content_root: Path,
    config_file: Path | None = None,
    only: list[tuple[str, str]] | None = None,
    rendered: Mapping[str, Rendered] | None = None,
) -> list[Problem]:
    """Every problem in ``content/`` that must stop a build: the errors of the
    content check, never its warnings or notes; of the pages ``only`` names when given.

    ``config_file`` is the site's mkdocs.yml, whose Markdown extensions decide
    the anchors; by default the one beside ``content_root``. ``rendered``: what
    a build rendered of the pages, which the check then need not render again.
    """
    config_file = config_file or content_root.parent / "mkdocs.yml"
    try:
        settings = load_settings(config_file)
    except SettingsError as exc:
        return [Problem(config_file, 1, f"the help pages cannot be checked: {exc}")]
    report = check_content(content_root, settings, only, rendered=rendered)
    return [p for p in report.problems if p.severity == "error"]


def check_sources(
    content_root: Path, config_file: Path | None = None, rendered: Mapping[str, Rendered] | None = None
) -> None:
    """Stop the build on any problem in the page sources, naming the files."""
    _stop_on(tree_problems(content_root, config_file, rendered=rendered))


def check_pages(content_root: Path, config_file: Path, paths: Iterable[Path]) -> None:
    """Stop a preview's rebuild on the errors the site build would stop on, in the
    saved pages at ``paths`` (their links still checked against the whole tree)."""
    only = [key for path in paths if (key := _page_key(content_root, path))]
    if only:
        _stop_on(tree_problems(content_root, config_file, only))


def _page_key(content_root: Path, path: Path) -> tuple[str, str] | None:
    """(language, path inside it) of a page under ``content_root``; None for other files."""
    try:
        lang, *rest = path.resolve().relative_to(content_root.resolve()).parts
    except ValueError:
        return None
    return (lang, "/".join(rest)) if rest and path.suffix == ".md" else None


def _stop_on(problems: list[Problem]) -> None:
    if problems:
        raise PluginError("The help pages have errors:\n" + "\n".join(map(str, problems)))
