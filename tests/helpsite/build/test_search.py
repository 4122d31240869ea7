"""The search index's faster reading of page HTML (app/helpsite/build/search.py): the calls it
makes are exactly HTMLParser's, or it leaves the page to HTMLParser."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.helpsite.build import search
from app.helpsite.build.search import events
from app.helpsite.content_check.sources import split_front_matter
from bench import synthetic
from tests.fixtures.paths import ROOT


class Recorder(HTMLParser):
    """The calls HTMLParser makes, as ``events`` gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.calls.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.calls.append(("end", tag))

    def handle_data(self, data):
        self.calls.append(("data", data))


def html_parser_calls(html: str) -> list[tuple]:
    recorder = Recorder()
    recorder.feed(html)
    recorder.close()
    return recorder.calls


def assert_same_or_left_alone(html: str) -> bool:
    found = events(html)
    if found is not None:
        assert found == html_parser_calls(html), html
    return found is not None


#: The site's Markdown extensions (mkdocs.yml), for pages as the build renders them.
EXTENSIONS = ["attr_list", "admonition", "toc"]

INLINE = st.sampled_from(
    [
        "tekst",
        "*uthevet*",
        "**sterk**",
        '`kode <b> & "x"`',
        "[lenke](side.md#anker 'tittel')",
        "![bilde](bilde.png)",
        "a < b > c",
        "R&D",
        "&amp; &nbsp; &#169; &copy",
        "«sitat» — æøå čđŋšŧž",
        '<span class="x">rå HTML</span>',
        "<b title='enkle'>x</b>",
        "<!-- kommentar -->",
        "<br>",
        "<br/>",
        "\\*ikke uthevet\\*",
        "  ",
        '<abbr title="a &amp; b">AB</abbr>',
        "<a href=x>uten anførsel</a>",
    ]
)
LINE = st.lists(INLINE, min_size=1, max_size=5).map(" ".join)
BLOCK = st.one_of(
    LINE,
    LINE.map(lambda text: "# " + text),
    LINE.map(lambda text: "## " + text + " {#eget-anker .klasse}"),
    LINE.map(lambda text: "### " + text),
    st.lists(LINE, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda items: "\n".join("1. " + i for i in items)),
    LINE.map(lambda text: '!!! note "Merk"\n    ' + text),
    LINE.map(lambda text: "!!! warning\n    " + text),
    LINE.map(lambda text: "    kode & <tegn>\n    " + text),
    LINE.map(lambda text: "> " + text),
    st.just("---"),
    st.just("<div markdown>\n<p>blokk</p>\n</div>"),
    st.just("<script>var a = '<p>';</script>"),
    st.just("<style>p > a { color: red }</style>"),
    st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
)
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(DOCUMENT)
def test_markdown_pages_read_as_html_parser_reads_them(document):
    html = markdown.markdown(document, extensions=EXTENSIONS, output_format="xhtml")
    assert_same_or_left_alone(html)


#: Text that is mostly not what Python-Markdown writes: stray < and >, quotes, entities.
ODD_HTML = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "</",
            "/>",
            "<p>",
            "</p>",
            '<p class="a">',
            "<h2 id='x'>",
            '<h2 id="y">',
            "</h2>",
            "&",
            "&amp;",
            "&lt;",
            "&#x3c;",
            '"',
            "'",
            "=",
            " ",
            "\n",
            "a",
            "ø",
            "<br />",
            '<img src="a"/>',
            "<P>",
            "</P >",
            "<p hidden>",
            '<p data-x="">',
            "<!---->",
            "<?x?>",
            "<x-y>",
            "<script>",
            "</script>",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(ODD_HTML)
def test_odd_html_reads_as_html_parser_reads_it_or_is_left_to_it(html):
    assert_same_or_left_alone(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p><!-- c --><p>b</p>",
        "<p>a < b</p>",
        "<script>x = '<p>'</script>",
        "<p title='a'>x</p>",
        "<p>a</p>\n<x-element>b</x-element>",
        '</p class="x">',
    ],
)
def test_what_python_markdown_does_not_write_is_left_to_html_parser(html):
    assert events(html) is None


def test_the_sites_pages_take_the_fast_way():
    """Every indexed help page as the build renders it: read as HTMLParser reads it, and not one
    left to HTMLParser (else the index would be no faster). The inbox's pages are not indexed."""
    indexed = 0
    for path in sorted((ROOT / "content").glob("*/**/*.md")):
        text = path.read_text(encoding="utf-8")
        front, body = split_front_matter(text) or ("", text)
        if ((yaml.safe_load(front) or {}).get("search") or {}).get("exclude"):
            continue
        html = markdown.markdown(body, extensions=EXTENSIONS, output_format="xhtml")
        assert assert_same_or_left_alone(html), path
        indexed += 1
    assert indexed >= 5


def test_the_benchmarks_pages_take_the_fast_way():
    """The build benchmark's pages (tables, notes, warnings, images, code, nested headings)."""
    for i in range(60):
        text = synthetic.page("nb", i, 60)
        _, body = split_front_matter(text) or ("", text)
        html = markdown.markdown(body, extensions=EXTENSIONS, output_format="xhtml")
        assert assert_same_or_left_alone(html), i


def test_the_site_search_index_is_materials(built_site, project_copy, monkeypatch):
    """The whole site built with every page left to HTMLParser, as Material reads them, gives
    the same search index in every language."""
    from app.helpsite.build.site import build_site

    monkeypatch.setattr(search, "events", lambda html: None)
    materials = project_copy / "site"
    build_site(project_copy / "mkdocs.yml", materials)
    for lang in ("nb", "en", "se"):
        ours = json.loads((built_site / lang / "search" / "search_index.json").read_text())
        theirs = json.loads((materials / lang / "search" / "search_index.json").read_text())
        assert ours == theirs
        assert len(ours["docs"]) > 10
