"""The rules a help page's source must follow before it is published.

``content/<lang>/<path>.md``: nb is the source of every page; an en or se
file translates the nb file with the same path.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

REQUIRED_FIELDS = ("title", "last_updated", "owner")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Source:
    path: Path
    meta: dict
    body: str
    body_line: int  # the line of the file the body starts on


def read_source(path: Path) -> tuple[Source | None, list[Problem]]:
    """Read a page; a page whose front matter cannot be used comes back as None."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [Problem(path, 1, "no front matter: start the file with a '---' block "
                                       f"holding {', '.join(REQUIRED_FIELDS)}")]
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except (yaml.YAMLError, ValueError) as exc:
        # ValueError: a date-shaped value that is no date, such as 2022-13-45
        return None, [Problem(path, 2, f"front matter is not valid YAML: {exc}".splitlines()[0])]
    if not isinstance(meta, dict):
        return None, [Problem(path, 2, "front matter must be 'field: value' lines")]
    source = Source(path, meta, text[match.end():], text[: match.end()].count("\n") + 1)
    return source, front_matter_problems(source)


def field_line(source: Source, field: str) -> int:
    for number, line in enumerate(source.path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{field}:"):
            return number
    return 1


def front_matter_problems(source: Source) -> list[Problem]:
    problems = []
    for field in REQUIRED_FIELDS:
        if source.meta.get(field) in (None, ""):
            problems.append(Problem(source.path, 1, f"front matter is missing '{field}'"))
    updated = source.meta.get("last_updated")
    if updated not in (None, "") and (
        not isinstance(updated, dt.date) or isinstance(updated, dt.datetime)
    ):
        problems.append(Problem(
            source.path, field_line(source, "last_updated"),
            f"'last_updated' must be a date written YYYY-MM-DD, not {updated!r}",
        ))
    return problems


def page_paths(content_root: Path, lang: str) -> dict[str, Path]:
    """The Markdown pages of one language, keyed by their path inside it."""
    folder = content_root / lang
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.md"))}


def tree_problems(content_root: Path) -> list[Problem]:
    """Every problem in ``content/`` that must stop a build."""
    sources = page_paths(content_root, DEFAULT_LANGUAGE)
    problems = []
    for lang in LANGUAGES:
        for rel, path in page_paths(content_root, lang).items():
            if lang != DEFAULT_LANGUAGE and rel not in sources:
                problems.append(Problem(
                    path, 1, f"translation without a source: there is no "
                             f"{content_root.name}/{DEFAULT_LANGUAGE}/{rel} to translate",
                ))
            problems.extend(read_source(path)[1])
    return problems
