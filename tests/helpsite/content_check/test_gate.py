"""The build's gate: gate.tree_problems returns the content check's errors, and only those."""

import shutil
from pathlib import Path

from app.helpsite.content_check import gate

ROOT = Path(__file__).resolve().parents[3]
CONTENT = ROOT / "tests" / "fixtures" / "content_check" / "content"


def test_tree_problems_are_the_checks_errors():
    problems = gate.tree_problems(CONTENT)
    assert {p.severity for p in problems} == {"error"}
    assert len(problems) == 19
    assert (
        f"{CONTENT / 'nb' / 'bilde-uten-alt.md'}:11: error: image 'bilder/innboks.png' has no alt text"
        in "\n".join(map(str, problems))
    )


def test_the_real_content_builds():
    assert gate.tree_problems(ROOT / "content") == []


def test_without_a_site_configuration(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    [problem] = gate.tree_problems(tmp_path / "content")
    assert str(problem).startswith(
        f"{tmp_path / 'mkdocs.yml'}:1: error: the help pages cannot be checked: "
        "cannot read the site configuration"
    )
