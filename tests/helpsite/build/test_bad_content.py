"""Broken sources fail the build with a message naming the file, and leave the site alone."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.helpsite.__main__ import main


def build(project: Path, capsys) -> tuple[int, str]:
    code = main(["build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site")])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def project(project_copy, capsys):
    code, output = build(project_copy, capsys)
    assert code == 0, output
    (project_copy / "site" / "marker").write_text("the site as it was")
    return project_copy


def last_line(path: Path) -> int:
    return len(path.read_text().splitlines())


def assert_failed_and_site_kept(project, code, output, *expected):
    assert code == 1
    for fragment in expected:
        assert fragment in output, output
    assert (project / "site" / "marker").read_text() == "the site as it was"
    assert (project / "site" / "nb" / "om-innboks" / "index.html").is_file()
    assert not list(project.glob("site.*"))


def test_missing_title(project, capsys):
    page = project / "content" / "en" / "om-innboks.md"
    page.write_text(page.read_text().replace("title: About Inbox\n", ""))
    code, output = build(project, capsys)
    assert_failed_and_site_kept(project, code, output, f"{page}:1: error: front matter is missing 'title'")


def test_date_that_is_not_a_date(project, capsys):
    page = project / "content" / "nb" / "om-innboks.md"
    page.write_text(page.read_text().replace("last_updated: 2022-06-02", "last_updated: 2. juni"))
    code, output = build(project, capsys)
    assert_failed_and_site_kept(
        project, code, output, f"{page}:3: error: 'last_updated' must be a date written YYYY-MM-DD"
    )


def test_impossible_date(project, capsys):
    page = project / "content" / "nb" / "om-innboks.md"
    page.write_text(page.read_text().replace("last_updated: 2022-06-02", "last_updated: 2022-13-45"))
    code, output = build(project, capsys)
    assert_failed_and_site_kept(project, code, output, f"{page}:2: error: front matter is not valid YAML")


def test_translation_without_source(project, capsys):
    orphan = project / "content" / "se" / "ukjent.md"
    orphan.write_text("---\ntitle: X\nlast_updated: 2024-01-01\nowner: Norsk helsenett\n---\n# X\n")
    code, output = build(project, capsys)
    assert_failed_and_site_kept(project, code, output, f"{orphan}:1: error: translation without a source")


def test_broken_internal_link(project, capsys):
    page = project / "content" / "en" / "index.md"
    page.write_text(page.read_text() + "\n[Missing](no-such-page.md)\n")
    code, output = build(project, capsys)
    assert_failed_and_site_kept(
        project,
        code,
        output,
        f"{page}:{last_line(page)}: error: the link 'no-such-page.md' goes to a page that does not exist",
    )


def test_broken_anchor(project, capsys):
    page = project / "content" / "nb" / "index.md"
    page.write_text(page.read_text() + "\n[Borte](om-innboks.md#finnes-ikke)\n")
    code, output = build(project, capsys)
    assert_failed_and_site_kept(
        project,
        code,
        output,
        f"{page}:{last_line(page)}: error: the link 'om-innboks.md#finnes-ikke' "
        "goes to the anchor '#finnes-ikke'",
    )


def test_sami_translation_replaces_fallback(project, capsys):
    (project / "content" / "se" / "index.md").write_text(
        "---\ntitle: Sisdoallu\nlast_updated: 2024-01-01\nowner: Norsk helsenett\n---\n# Sisdoallu\n"
    )
    code, output = build(project, capsys)
    assert code == 0, output
    page = BeautifulSoup((project / "site" / "se" / "index.html").read_text(), "html.parser")
    assert page.find("h1").get_text() == "Sisdoallu" and not page.select(".innboks-fallback-notice")
    assert (
        page.select_one(".innboks-updated").get_text(" ", strip=True)
        == "Maŋimusat ođastuvvon 2024 ođđajagemánnu 1, vuossárga"
    )
