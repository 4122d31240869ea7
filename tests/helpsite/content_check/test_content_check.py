"""The content check on the real pages, on bad fixtures (one file per defect), from the
command line, and in the build."""

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from app.helpsite.build import build_site
from app.helpsite.content_check import content_tree
from app.helpsite.content_check.__main__ import main
from app.helpsite.content_check.check import check_content
from app.helpsite.content_check.site_settings import load_settings

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "content_check"
CONTENT = FIXTURE / "content"


def lines(report) -> list[str]:
    """Findings as the editor reads them, with paths inside the content folder."""
    return [
        f"{p.path.relative_to(CONTENT).as_posix()}:{p.line}: {p.severity}: {p.message}"
        for p in report.problems
    ]


@pytest.fixture(scope="module")
def fixture_findings() -> list[str]:
    settings = load_settings(FIXTURE / "mkdocs.yml")
    return lines(check_content(CONTENT, settings, lix_max=settings.require_lix_max()))


# Every error and warning the bad fixtures hold: (where, start of the message).
EXPECTED = [
    ("nb/uten-tittel.md:1: error", "front matter is missing 'title'"),
    ("nb/feil-dato.md:3: error", "'last_updated' must be a date written YYYY-MM-DD, not '2. mars'"),
    ("en/foreldrelos.md:1: error", "translation without a source: there is no content/nb/foreldrelos.md"),
    (
        "en/oversatt.md:3: warning",
        "the translation may be out of date: its last_updated is 2024-01-15, "
        "but the Norwegian page content/nb/oversatt.md was updated 2024-05-01.",
    ),
    (
        "nb/brutte-lenker.md:9: error",
        "the link 'finnes-ikke.md' goes to a page that does not exist: there is no content/nb/finnes-ikke.md",
    ),
    (
        "nb/brutte-lenker.md:11: error",
        "the link 'index.md#logg-inn' goes to the anchor '#logg-inn', but "
        "content/nb/index.md has no heading with that anchor. "
        "Did you mean '#slik-logger-du-inn'?",
    ),
    (
        "nb/brutte-lenker.md:13: error",
        "the link '#ukjent-sted' goes to the anchor '#ukjent-sted', "
        "but this page has no heading with that anchor.",
    ),
    ("nb/brutte-lenker.md:15: error", "the link 'vedlegg.pdf' goes to a file that does not exist"),
    ("nb/brutte-lenker.md:17: error", "the link 'bilder/' points to a folder"),
    ("nb/brutte-lenker.md:19: error", "the link '../../README.md' points outside the help pages' folder"),
    ("nb/brutte-lenker.md:21: error", "the link '/nb/index.md' starts with '/'"),
    # The front page is translated, so English readers get its English anchors.
    (
        "en/oversatt.md:13: error",
        "the link 'index.md#slik-logger-du-inn' goes to the anchor "
        "'#slik-logger-du-inn', but content/en/index.md has no heading with that anchor.",
    ),
    ("nb/bilde-uten-alt.md:11: error", "image 'bilder/innboks.png' has no alt text"),
    ("nb/bilde-uten-alt.md:15: error", "image 'bilder/innboks.png' has no alt text"),  # written as HTML
    (
        "nb/flere-h1.md:11: error",
        "more than one main heading: '# Den andre overskriften' is a second "
        "level-1 heading (the first is '# Den første overskriften' on line 7)",
    ),
    (
        "nb/hoppet-niva.md:11: error",
        "heading 'For dypt' skips a level: it is level 3 ('###') right after level 1. Make it '## For dypt'",
    ),
    ("nb/lenketekst.md:9: error", "the link text 'her' says nothing on its own"),
    ("nb/lenketekst.md:11: error", "the link text 'Klikk her!' says nothing on its own"),
    ("se/index.md:9: error", "the link text 'Loga eambbo' says nothing on its own"),
    ("se/index.md:11: error", "the link text 'dáppe' says nothing on its own"),
    (
        "nb/tung-tekst.md:7: warning",
        "the text may be hard to read: its LIX readability index is 90, "
        "over the site's limit of 40 (14 words per sentence on average, "
        "76% long words).",
    ),
]


@pytest.mark.parametrize("where,message", EXPECTED, ids=[w for w, _ in EXPECTED])
def test_each_defect_is_found_at_its_line(fixture_findings, where, message):
    assert any(line.startswith(f"{where}: {message}") for line in fixture_findings), "\n".join(
        fixture_findings
    )


def test_nothing_else_is_reported(fixture_findings):
    """Links in code, an h1 in a code block, a heading inside a note, fallback anchors: no findings."""
    found = sorted(
        line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1]
        for line in fixture_findings
        if ": info: " not in line
    )
    assert found == sorted(where for where, _ in EXPECTED)


def test_untranslated_pages_are_listed_as_info(fixture_findings):
    info = [line for line in fixture_findings if ": info: " in line]
    assert (
        "nb/kun-norsk.md:1: info: not translated into English (en) yet: readers of the en site "
        "get this Norwegian page" in info
    )
    assert (
        "nb/kun-norsk.md:1: info: not translated into Northern Sami (se) yet: readers of the se "
        "site get this Norwegian page" in info
    )
    assert not [line for line in info if line.startswith("nb/index.md") and "(en)" in line]
    assert len(info) == 12 * 2 - 3  # 12 nb pages in 2 languages, less en/index, en/oversatt, se/index


def test_reading_on_two_cores_finds_the_same(fixture_findings, monkeypatch):
    """Many pages are read by one process per core; the findings do not change."""
    monkeypatch.setattr(content_tree, "PARALLEL_FROM", 1)
    content_tree.clear_cache()
    settings = load_settings(FIXTURE / "mkdocs.yml")
    assert lines(check_content(CONTENT, settings, lix_max=40, jobs=2)) == fixture_findings


def run(capsys, *argv) -> tuple[int, list[str]]:
    code = main([str(arg) for arg in argv])
    out = capsys.readouterr()
    return code, (out.out + out.err).splitlines()


def test_the_real_content_has_no_errors(capsys):
    """What `make check` runs."""
    code, output = run(capsys)
    assert code == 0, "\n".join(output)
    assert ": error: " not in "\n".join(output)
    assert output[-1].startswith(f"{len(list((ROOT / 'content').rglob('*.md')))} pages checked: 0 errors, ")


def test_command_on_the_fixtures(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURE)
    code, output = run(capsys, "--content", "content")
    assert code == 1
    assert (
        "content/nb/flere-h1.md:11: error: more than one main heading: '# Den andre overskriften' "
        "is a second level-1 heading (the first is '# Den første overskriften' on line 7). "
        "A page has one; make this one '## Den andre overskriften'." in output
    )
    assert output[-1] == (
        "16 pages checked: 19 errors, 2 warnings, 21 info. "
        "Fix the errors: they stop the site from being built."
    )


def test_command_on_one_file_resolves_links_against_the_tree(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURE)
    code, output = run(capsys, "--content", "content", "content/en/oversatt.md")
    assert code == 1
    assert [line.split(": ")[0] for line in output[:-1]] == [
        "Errors",
        "content/en/oversatt.md:13",
        "",
        "Warnings",
        "content/en/oversatt.md:3",
        "",
    ]
    assert (
        output[-1] == "1 page checked: 1 error, 1 warning, 0 info. "
        "Fix the errors: they stop the site from being built."
    )


def test_command_groups_errors_warnings_and_notes(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURE)
    code, output = run(capsys, "--content", "content")
    headings = [line for line in output if line and not line.startswith("content/")]
    assert headings[:3] == [
        "Errors: these stop the site from being built (19):",
        "Warnings: worth fixing before publishing (2):",
        "Notes (21):",
    ]
    severities = [line.split(": ")[1] for line in output if line.startswith("content/")]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_command_errors_only_for_ci(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURE)
    code, output = run(capsys, "--errors-only", "--content", "content")
    assert code == 1
    assert output[0] == "Errors: these stop the site from being built (19):"
    assert not [line for line in output if ": warning: " in line or ": info: " in line]
    assert output[-1].startswith("16 pages checked: 19 errors, 2 warnings, 21 info.")


def test_command_without_info(capsys):
    code, output = run(capsys, "--no-info", "--content", CONTENT, CONTENT / "nb" / "kun-norsk.md")
    assert (code, output) == (0, ["1 page checked: 0 errors, 0 warnings, 2 info."])


def test_command_on_a_good_file_exits_0(capsys):
    code, output = run(capsys, "--content", CONTENT, CONTENT / "nb" / "riktig-struktur.md")
    assert code == 0
    assert output[-1] == "1 page checked: 0 errors, 0 warnings, 2 info."


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--content", CONTENT, ROOT / "README.md"], "README.md: not a help page: pages are in "),
        (["--content", CONTENT, CONTENT / "nb" / "finnes-ikke.md"], "finnes-ikke.md: no such file"),
        (
            ["--content", CONTENT, CONTENT / "nb" / "bilder" / "innboks.png"],
            "not a help page (a page is a .md file)",
        ),
        (["--content", FIXTURE], "no help pages here"),
    ],
)
def test_command_refuses_what_it_cannot_check(capsys, argv, message):
    code, output = run(capsys, *argv)
    assert code == 2
    assert message in "\n".join(output)


@pytest.mark.parametrize(
    "extra,message",
    [
        ("", "set the readability limit the content check uses, 'extra.content_check.lix_max'"),
        (
            "extra:\n  content_check:\n    lix_max: lav\n",
            "'extra.content_check.lix_max' must be a positive number, not 'lav'",
        ),
    ],
)
def test_command_needs_a_readability_limit(tmp_path, capsys, extra, message):
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Test\n{extra}")
    code, output = run(capsys, "--content", tmp_path / "content")
    assert code == 2
    assert message in "\n".join(output)
    assert "Traceback" not in "\n".join(output)


def test_an_error_the_check_finds_stops_the_build(project_copy, caplog):
    """An image without alt text, which MkDocs itself lets through."""
    page = project_copy / "content" / "nb" / "bilde-uten-alt.md"
    shutil.copy(CONTENT / "nb" / "bilde-uten-alt.md", page)
    shutil.copytree(CONTENT / "nb" / "bilder", project_copy / "content" / "nb" / "bilder")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - index.md\n", "  - index.md\n  - bilde-uten-alt.md\n"))
    with pytest.raises(MkDocsException) as failure:
        build_site(config, project_copy / "site")
    output = caplog.text + str(failure.value)
    assert f"{page}:11: error: image 'bilder/innboks.png' has no alt text" in output
    assert f"{page}:15: error: image 'bilder/innboks.png' has no alt text" in output
    assert not (project_copy / "site").exists()
