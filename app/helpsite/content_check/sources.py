"""A help page's source as an editor wrote it, and the rules its front matter follows.

``content/<lang>/<path>.md``: nb is the source of every page; an en or se
file translates the nb file with the same path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REQUIRED_FIELDS = ("title", "last_updated", "owner")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
# libyaml's loader when PyYAML was built with it: the same results, many times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELD = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:")


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
    # The line of each top-level front matter field, read with the file.
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """A page's text as (front matter, body); None without front matter."""
    match = _FRONT_MATTER.match(text)
    return (match.group(1) or "", text[match.end() :]) if match else None


def read_source(path: Path) -> tuple[Source | None, list[Problem]]:
    """Read a page; a page whose front matter cannot be used comes back as None."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [
            Problem(
                path,
                1,
                f"no front matter: start the file with a '---' block holding {', '.join(REQUIRED_FIELDS)}",
            )
        ]
    front = match.group(1) or ""
    unreadable = _unreadable_line(path, front)
    if unreadable:
        return None, [unreadable]
    try:
        meta = yaml.load(front, Loader=_YAML_LOADER) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = 2 + (mark.line if mark else 0)  # the front matter starts on the file's line 2
        return None, [Problem(path, line, _plain_yaml_error(exc))]
    except (yaml.YAMLError, ValueError) as exc:
        return None, [Problem(path, 2, f"the front matter cannot be read: {exc}".splitlines()[0])]
    if not isinstance(meta, dict):
        return None, [Problem(path, 2, "front matter must be 'field: value' lines")]
    field_lines: dict[str, int] = {}
    for number, line in enumerate((match.group(1) or "").split("\n"), 2):
        name = _FIELD.match(line)
        if name:
            field_lines.setdefault(name.group(1), number)
    source = Source(path, meta, text[match.end() :], text[: match.end()].count("\n") + 1, field_lines)
    return source, front_matter_problems(source)


_DATE_SHAPED = re.compile(r"[ \t]*([\w-]+)[ \t]*:[ \t]*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})['\"]?[ \t]*(?:#.*)?")


def _unreadable_line(path: Path, front: str) -> Problem | None:
    """What YAML would refuse with a message about its own parsing, said in the editor's terms
    at the line it is on: a tab, or a date that is not in the calendar."""
    for number, line in enumerate(front.split("\n"), 2):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return Problem(path, number, "indent with spaces, not a tab: this line starts with a tab")
        date = _DATE_SHAPED.fullmatch(line)
        if date:
            name, year, month, day = date.group(1), *map(int, date.groups()[1:])
            if not 1 <= month <= 12:
                return Problem(
                    path, number, f"'{name}': there is no month {month}; write the date as YYYY-MM-DD"
                )
            try:
                dt.date(year, month, day)
            except ValueError:
                return Problem(
                    path,
                    number,
                    f"'{name}': there is no day {day} in {dt.date(year, month, 1):%B %Y}; "
                    "write the date as YYYY-MM-DD",
                )
    return None


def _plain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    """YAML's complaint in the editor's words where we know them, with the usual fix."""
    problem = exc.problem or str(exc).splitlines()[0]
    if problem.startswith("mapping values are not allowed"):
        problem = "a value holds ': '"
    elif "could not find expected ':'" in problem:
        problem = "a line is not 'field: value'"
    return (
        f"the front matter cannot be read here ({problem}). Each line is 'field: value'; put a value "
        "holding ': ' or starting with a quote, '[' or '{' in double quotes, "
        'e.g. title: "Innboks: slik gjør du"'
    )


def field_line(source: Source, field: str) -> int:
    if source.field_lines:
        return source.field_lines.get(field, 1)
    for number, line in enumerate(source.path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{field}:"):
            return number
    return 1


def front_matter_problems(source: Source) -> list[Problem]:
    problems = []
    for name in REQUIRED_FIELDS:
        if source.meta.get(name) in (None, ""):
            problems.append(Problem(source.path, 1, f"front matter is missing '{name}'"))
    updated = source.meta.get("last_updated")
    if updated not in (None, "") and (not isinstance(updated, dt.date) or isinstance(updated, dt.datetime)):
        problems.append(
            Problem(
                source.path,
                field_line(source, "last_updated"),
                f"'last_updated' must be a date written YYYY-MM-DD, not {updated!r}",
            )
        )
    return problems


def page_paths(content_root: Path, lang: str) -> dict[str, Path]:
    """The Markdown pages of one language, keyed by their path inside it, in the order of
    their paths' parts (as sorted Paths are)."""
    folder = content_root / lang
    if not folder.is_dir():
        return {}
    # os.walk, not Path.rglob: the preview lists every page after each save, and at 3×1000
    # pages rglob took twice as long.
    start = len(os.path.join(folder, ""))
    found = sorted(
        (path[start:].split(os.sep), path)
        for top, _dirs, names in os.walk(folder)
        for name in names
        if name.endswith(".md")
        for path in (os.path.join(top, name),)
    )
    return {"/".join(parts): Path(path) for parts, path in found}
