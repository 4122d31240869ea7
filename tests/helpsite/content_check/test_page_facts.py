"""A page's headings, anchors, links and images as the build renders them, with their Markdown lines."""

from pathlib import Path

import pytest

from app.helpsite.content_check.page_facts import PageReader
from app.helpsite.content_check.site_settings import load_settings
from app.helpsite.content_check.sources import Source

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def reader() -> PageReader:
    return PageReader(load_settings(ROOT / "mkdocs.yml"))


def facts(reader, body: str, body_line: int = 6):
    return reader.facts(Source(Path("side.md"), {}, body, body_line))


def test_anchors_are_the_builds_ids(reader):
    page = facts(
        reader,
        "# Time på sykehus i Helse Sør-Øst\n\n## Svar\n\n## Svar\n\n"
        "## Egen {#eget-anker}\n\nTekst\n{: #avsnitt }\n",
    )
    # Letters kept (pymdownx slugify from mkdocs.yml), repeats numbered, attr_list ids honoured.
    assert [h.anchor for h in page.headings] == [
        "time-på-sykehus-i-helse-sør-øst",
        "svar",
        "svar_1",
        "eget-anker",
    ]
    assert page.anchors == {"time-på-sykehus-i-helse-sør-øst", "svar", "svar_1", "eget-anker", "avsnitt"}


def test_heading_lines_count_from_the_top_of_the_file(reader):
    body = (
        "Tittel\n======\n\n```sh\n# ikke en overskrift\n```\n\n"
        '!!! note "Merk"\n\n    ### I en merknad\n\nDel\n---\n\n<h2 id="html">I HTML</h2>\n'
    )
    page = facts(reader, body, body_line=6)
    assert [(h.level, h.text, h.line) for h in page.headings] == [
        (1, "Tittel", 6),
        (3, "I en merknad", 15),
        (2, "Del", 17),
        (2, "I HTML", 20),
    ]
    assert "html" in page.anchors


def test_links_and_images_with_their_lines(reader):
    body = (
        "[Om Innboks](om.md) og [om igjen](om.md#svar)\n\n"
        "`[ikke en lenke](kode.md)`\n\n"
        '![Innboksen](bilde.png) <img src="bilde.png">\n\n'
        "[Referanse][ref]\n\n[ref]: andre.md\n\n"
        "[![Logo](logo.png)](om.md)\n"
    )
    page = facts(reader, body, body_line=1)
    assert [(link.href, link.text, link.line) for link in page.links] == [
        ("om.md", "Om Innboks", 1),
        ("om.md#svar", "om igjen", 1),
        ("andre.md", "Referanse", 9),  # a reference link: where its address is written
        ("om.md", "Logo", 11),  # an image's alt is the link's text
    ]
    assert [(image.src, image.alt, image.line) for image in page.images] == [
        ("bilde.png", "Innboksen", 5),
        ("bilde.png", "", 5),
        ("logo.png", "Logo", 11),
    ]


def test_readability_counts_prose_only(reader):
    page = facts(
        reader,
        "# Tittel\n\nEn kort setning. En til.\n\n```\nkode som ikke telles\n```\n\n"
        "- [Lenke](https://eksempel.invalid/veldig-lang-adresse)\n",
    )
    assert (page.readability.words, page.readability.sentences) == (7, 4)


def test_an_empty_body_has_nothing(reader):
    facts(reader, "# Noe\n\n[lenke](x.md)\n")
    page = facts(reader, "\n")
    assert page.headings == () and page.links == () and page.anchors == frozenset()


def test_links_in_inline_html_and_tables(reader):
    body = (
        'Tekst med <a href="a.md#x">en <em>HTML</em>-lenke</a> og <a href="b.md">her</a>.\n\n'
        "    [kode](c.md)\n\n"
        "| Tabell | [her](b.md) |\n|---|---|\n| a | b |\n"
    )
    page = facts(reader, body, body_line=1)
    assert [(link.href, link.text, link.line) for link in page.links] == [
        ("a.md#x", "en HTML-lenke", 1),
        ("b.md", "her", 1),
        ("b.md", "her", 5),
    ]
