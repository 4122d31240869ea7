"""The forgotten-date guard, on a temporary git repository holding a copy of the site."""

import shutil
import subprocess
from pathlib import Path

import pytest

from app.helpsite.content_check.__main__ import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(project_copy):
    git(project_copy, "init", "-q", "--initial-branch=feature")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-q", "-m", "the pages as published")
    return project_copy


def check(repo: Path, capsys) -> list[str]:
    main(["--content", str(repo / "content")])
    return [line for line in capsys.readouterr().out.splitlines() if ": warning: the text changed" in line]


def edit(page: Path, old: str, new: str) -> None:
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new, 1))


def test_changed_text_with_the_old_date_is_warned_about(repo, capsys):
    page = repo / "content" / "nb" / "om-innboks.md"
    assert check(repo, capsys) == []
    edit(page, "# Om Innboks\n", "# Om Innboks\n\nEn ny setning om innboksen.\n")
    assert check(repo, capsys) == [
        f"{page}:3: warning: the text changed since the last commit, but last_updated is still "
        "2022-06-02: set it to the day of this change (YYYY-MM-DD), so readers see when the page "
        "last changed."
    ]
    edit(page, "last_updated: 2022-06-02", "last_updated: 2026-11-23")
    assert check(repo, capsys) == []


def test_a_change_committed_on_a_branch_is_warned_about(repo, capsys):
    git(repo, "branch", "main")  # the main line stays at the published pages
    page = repo / "content" / "en" / "om-innboks.md"
    edit(page, "# About Inbox\n", "# About Inbox\n\nA new sentence about the inbox.\n")
    git(repo, "commit", "-q", "-am", "new sentence")
    [warning] = check(repo, capsys)
    assert warning.startswith(
        f"{page}:3: warning: the text changed since the branch left main, but last_updated"
    )


def test_front_matter_changes_alone_are_no_change_of_text(repo, capsys):
    edit(repo / "content" / "nb" / "om-innboks.md", "owner: Norsk helsenett", "owner: Helsedirektoratet")
    assert check(repo, capsys) == []


def test_outside_git_nothing_is_said(project_copy, capsys):
    edit(project_copy / "content" / "nb" / "om-innboks.md", "# Om Innboks\n", "# Om Innboks\n\nNy tekst.\n")
    assert check(project_copy, capsys) == []
