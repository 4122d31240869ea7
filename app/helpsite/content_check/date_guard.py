"""A guard against forgotten dates: a page whose text changed (in the working tree,
or on the branch since it left the main line) while its ``last_updated`` stayed the same.

It asks git; outside a git repository, or without git, it finds nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from app.helpsite.content_check.sources import Problem, split_front_matter

#: What a branch is compared with, the first that exists.
BASES = ("@{upstream}", "origin/main", "main")


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _base(folder: Path) -> tuple[str, str] | None:
    """The commit the pages are compared with, and how a message names it."""
    head = _git(folder, "rev-parse", "HEAD")
    if head is None:
        return None
    for name in BASES:
        base = _git(folder, "merge-base", "HEAD", name)
        if base and base.strip() != head.strip():
            return base.strip(), f"the branch left {name}"
    return head.strip(), "the last commit"


def _date_and_body(text: str) -> tuple[object, str] | None:
    split = split_front_matter(text)
    if split is None:
        return None
    front, body = split
    try:
        meta = yaml.safe_load(front) or {}
    except (yaml.YAMLError, ValueError):
        return None
    return (meta.get("last_updated") if isinstance(meta, dict) else None), body


def forgotten_dates(content_root: Path, pages: dict[Path, int]) -> list[Problem]:
    """Warnings for the ``pages`` (file -> line of its last_updated) whose text changed but not their date."""
    base = _base(content_root)
    if base is None or not pages:
        return []
    commit, since = base
    changed = _git(content_root, "diff", "--name-only", "-z", commit, "--", ".")
    top = _git(content_root, "rev-parse", "--show-toplevel")
    if not changed or not top:
        return []
    problems = []
    for name in changed.split("\0"):
        path = Path(top.strip()) / name
        if not name or path.resolve() not in pages or not path.is_file():
            continue
        old = _git(content_root, "show", f"{commit}:{name}")
        before, now = _date_and_body(old or ""), _date_and_body(path.read_text(encoding="utf-8"))
        if before is None or now is None or before[1] == now[1] or before[0] != now[0]:
            continue
        problems.append(
            Problem(
                path,
                pages[path.resolve()],
                f"the text changed since {since}, but last_updated is still {now[0]}: set it to the "
                "day of this change (YYYY-MM-DD), so readers see when the page last changed.",
                "warning",
            )
        )
    return problems
