"""The build's gate: pages.tree_problems returns the content check's errors, and only those."""
import shutil
from pathlib import Path

from app.helpsite import pages

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "tests" / "fixtures" / "content_check" / "content"


def test_tree_problems_are_the_checks_errors():
    problems = pages.tree_problems(CONTENT)
    assert {p.severity for p in problems} == {"error"}
    assert len(problems) == 19
    assert f"{CONTENT / 'nb' / 'bilde-uten-alt.md'}:11: error: image 'bilder/innboks.png' has no alt text" \
        in "\n".join(map(str, problems))


def test_the_real_content_builds():
    assert pages.tree_problems(ROOT / "content") == []


def test_without_a_site_configuration(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    [problem] = pages.tree_problems(tmp_path / "content")
    assert str(problem).startswith(f"{tmp_path / 'mkdocs.yml'}:1: error: the help pages cannot be checked: "
                                   "cannot read the site configuration")


def test_front_matter_field_lines():
    source, problems = pages.read_source(CONTENT / "nb" / "feil-dato.md")
    assert source.field_lines == {"title": 2, "last_updated": 3, "owner": 4}
    assert str(problems[0]).endswith("feil-dato.md:3: error: 'last_updated' must be a date written "
                                     "YYYY-MM-DD, not '2. mars'")
