"""Broken sources fail the build with a message naming the file, and leave the site alone."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.helpsite.__main__ import main
from app.helpsite.content_check.__main__ import main as check_main


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
    assert not list(project.glob("site.building-*")) + list(project.glob("site.old-*"))


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
    assert_failed_and_site_kept(
        project, code, output, f"{page}:3: error: 'last_updated': there is no month 13"
    )


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


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _replace(rel: str, old: str | None, new: str):
    """Breaks the copy by replacing ``old`` in the file ``rel`` (or adding ``new`` at its end)."""

    def breaks(project: Path) -> Path:
        path = project / rel
        if old is None:
            path.write_text(path.read_text() + new)
        else:
            _edit(path, old, new)
        return path

    return breaks


def _copy_of_a_page_as(name: str, nav_line: str | None = None):
    """Adds the nb page ``name``, a copy of om-innboks.md, listed in nav as ``nav_line`` if given."""

    def breaks(project: Path) -> Path:
        page = project / "content" / "nb" / name
        page.write_text((project / "content" / "nb" / "om-innboks.md").read_text())
        if nav_line:
            _edit(project / "mkdocs.yml", "  - om-innboks.md\n", f"  - om-innboks.md\n  - {nav_line}\n")
        return page

    return breaks


def _blank_page(project: Path) -> Path:
    page = project / "content" / "en" / "om-innboks.md"
    page.write_text("---\ntitle: About Inbox\nlast_updated: 2024-01-01\nowner: Norsk helsenett\n---\n\n")
    return page


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


# (what breaks the page, the line it is on, the start of the editor's message)
VERDICTS = {
    "missing image": (
        _replace(
            "content/nb/om-innboks.md", "\n## ", "\n![Innboksen på en mobil](bilder/innboks.png)\n\n## "
        ),
        lambda page: _line_of(page, "bilder/innboks.png"),
        "the image 'bilder/innboks.png' goes to a file that does not exist: there is no "
        "content/nb/bilder/innboks.png. Put the image there",
    ),
    "page not in nav": (
        _copy_of_a_page_as("ny-side.md"),
        lambda page: 1,
        "the page is not in the navigation: add the line '  - ny-side.md' under 'nav:' in mkdocs.yml",
    ),
    "blank page": (_blank_page, lambda page: 1, "the page has no text after its front matter"),
    "file name": (
        _copy_of_a_page_as("Fullmakt Og Barn.md", nav_line="Fullmakt Og Barn.md"),
        lambda page: 1,
        "the file name 'Fullmakt Og Barn.md' becomes the page's web address, so it may hold only "
        "lowercase letters (a-z), digits and hyphens. Rename the file to 'fullmakt-og-barn.md'",
    ),
    "tab in front matter": (
        _replace("content/nb/om-innboks.md", "\nowner:", "\n\towner:"),
        lambda page: 4,
        "indent with spaces, not a tab",
    ),
    "month 13": (
        _replace("content/nb/om-innboks.md", "last_updated: 2022-06-02", "last_updated: 2024-13-45"),
        lambda page: 3,
        "'last_updated': there is no month 13",
    ),
    "link to a missing page": (
        _replace("content/nb/index.md", None, "\n[Om Innboks](om.md)\n"),
        lambda page: _line_of(page, "(om.md)"),
        "the link 'om.md' goes to a page that does not exist: there is no content/nb/om.md. "
        "Did you mean 'om-innboks.md'?",
    ),
    "link to a missing anchor in another language": (
        _replace("content/en/index.md", None, "\n[Om Innboks på norsk](nb:om-innboks.md#om-innbok)\n"),
        lambda page: _line_of(page, "nb:om-innboks.md"),
        "the link 'nb:om-innboks.md#om-innbok' goes to the anchor '#om-innbok', but "
        "content/nb/om-innboks.md has no heading with that anchor. Did you mean '#om-innboks'?",
    ),
    "nav names a missing page": (
        _replace("mkdocs.yml", "  - om-innboks.md\n", "  - om-innboks.md\n  - borte.md\n"),
        lambda config: _line_of(config, "borte.md"),
        "the navigation lists 'borte.md', but there is no such page in content/nb/",
    ),
}


@pytest.mark.parametrize("case", VERDICTS)
def test_check_and_build_give_one_verdict(project_copy, capsys, case):
    """Whatever stops the build is an error of `make check`, at the same file and line."""
    breaks, line_of, message = VERDICTS[case]
    broken = breaks(project_copy)
    expected = f"{broken}:{line_of(broken)}: error: {message}"

    code, output = build(project_copy, capsys)
    assert code == 1 and expected in output, output
    assert "Traceback" not in output and not (project_copy / "site").exists()

    code = check_main(["--content", str(project_copy / "content")])
    checked = capsys.readouterr().out
    assert code == 1 and expected.replace(f"{project_copy}/", "") in checked.replace(
        f"{project_copy}/", ""
    ), checked


def test_citation_keeps_one_stop_after_a_question(project, capsys):
    page = project / "content" / "nb" / "om-innboks.md"
    _edit(page, "title: Om Innboks", "title: Hva er innboksen?")
    code, output = build(project, capsys)
    assert code == 0, output
    html = BeautifulSoup((project / "site" / "nb" / "om-innboks" / "index.html").read_text(), "html.parser")
    citation = html.select_one(".innboks-citation").get_text(" ", strip=True)
    assert "Hva er innboksen? [Internett]" in citation, citation


def test_a_link_to_another_languages_page(project, capsys):
    """`nb:om-innboks.md#anchor` on an English page opens the Norwegian page at that heading."""
    page = project / "content" / "en" / "om-innboks.md"
    page.write_text(
        page.read_text() + "\n[Om Innboks (norsk)](nb:om-innboks.md#brev-og-meldinger-fra-sykehus)\n"
    )
    code, output = build(project, capsys)
    assert code == 0, output
    built = project / "site" / "en" / "om-innboks" / "index.html"
    link = BeautifulSoup(built.read_text(), "html.parser").find("a", string="Om Innboks (norsk)")
    assert link["href"] == "../../nb/om-innboks/#brev-og-meldinger-fra-sykehus"
    target = (built.parent / link["href"].split("#")[0] / "index.html").resolve()
    assert target == (project / "site" / "nb" / "om-innboks" / "index.html").resolve()
    assert 'id="brev-og-meldinger-fra-sykehus"' in target.read_text()


def test_the_translation_status_is_written_beside_the_site(project):
    """`make site` writes it for the team, outside the published site and its sitemap."""
    status = (project / "site.status" / "index.html").read_text()
    assert "<h1>Translation status</h1>" in status and "om-innboks.md" in status
    assert not list((project / "site").rglob("*status*"))
    assert "status" not in (project / "site" / "sitemap.xml").read_text()


@pytest.mark.parametrize("how", [[], ["--serial"]])
def test_a_broken_theme_template(project, capsys, how):
    """A template in overrides/ that Jinja cannot read: the file and line, in a parallel build
    (whose parent compiles the templates first) as in a serial one, and no traceback."""
    template = project / "overrides" / "partials" / "page-facts.html"
    template.write_text(template.read_text() + "{% if %}\n")
    code = main(["build", *how, "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site")])
    out = capsys.readouterr()
    output = out.out + out.err
    assert_failed_and_site_kept(
        project, code, output, f"{template}:{last_line(template)}: the template cannot be read: Expected an"
    )
    assert "Traceback" not in output
