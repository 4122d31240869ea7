"""The site build's content check reads the pages as the build rendered them.

It must find in them exactly what it finds when it renders a page itself
(`make check`, the preview): the same headings and anchors, the links as the
editor wrote them (not the addresses MkDocs makes of them), the same images
and the same prose.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.helpsite.build.site import build_language
from app.helpsite.content_check.page_facts import PageReader, facts_of
from app.helpsite.content_check.site_settings import load_settings
from app.helpsite.content_check.sources import Source, read_source
from bench import synthetic
from tests.fixtures.paths import ROOT


@pytest.mark.parametrize("site", ["real", "synthetic"])
@pytest.mark.parametrize("lang", ["nb", "se"])
def test_the_build_renders_what_the_check_reads(tmp_path, site, lang):
    # The benchmark's pages hold tables, notes, images, code and links between nested sections.
    config = ROOT / "mkdocs.yml" if site == "real" else synthetic.ours(ROOT, tmp_path / "ours", 30)
    _, rendered = build_language(config, lang, tmp_path / lang)
    reader = PageReader(load_settings(config))
    own = list((Path(config).parent / "content" / lang).rglob("*.md"))
    # Every page of the language, and in se the nb pages it falls back to.
    assert {str(path) for path in own} <= set(rendered)
    links = 0
    for path, events in rendered.items():
        source, problems = read_source(Path(path))
        assert source is not None and not problems
        assert facts_of(events, source) == reader.facts(source), path
        links += sum(href.endswith(".md") or ".md#" in href for href, _ in events.links)
    assert links, "links to other pages, as the editor wrote them"


_WORD = st.text(alphabet="abcæøåÁ", min_size=1, max_size=6)
_TEXT = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)
_TARGET = st.sampled_from(["om-innboks.md", "index.md", "om-innboks.md#om-innboks", "#svar", "bilde.png", ""])


@st.composite
def _block(draw) -> str:
    text, other = draw(_TEXT), draw(_TEXT)
    return draw(
        st.sampled_from(
            [
                f"{'#' * draw(st.integers(1, 4))} {text}",
                f"## {text} {{#{other.replace(' ', '-')}}}",
                f"{text} [{other}]({draw(_TARGET)}) \\*{text}\\*",
                f"![{other}]({draw(_TARGET)}) `{text} [x](kode.md)`",
                f"```\n# {text}\n[{other}](y.md)\n```",
                f'<a href="{draw(_TARGET)}">{text}</a> <h2 id="h-{len(text)}">{other}</h2>',
                f'!!! note "{text}"\n\n    {other} [{text}]({draw(_TARGET)})',
                f"| {text} | {other} |\n|---|---|\n| [{other}]({draw(_TARGET)}) | 1 |",
                f"- {text}\n- [{other}]({draw(_TARGET)})\n    - {text}",
                f"{text}\n{{: #p-{len(other)} }}",
            ]
        )
    )


@pytest.fixture(scope="module")
def render_as_the_build(tmp_path_factory):
    """A page rendered by MkDocs with the site's configuration, as the site build renders it."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from app.helpsite.content_check.page_facts import FactsExtension

    config = load_config(str(ROOT / "mkdocs.yml"))
    facts = FactsExtension()
    config.markdown_extensions.append(facts)
    folder = tmp_path_factory.mktemp("side")

    def render(body: str):
        file = File("side.md", str(folder), str(folder / "site"), config.use_directory_urls)
        others = [
            File(name, str(ROOT / "content" / "nb"), "", True) for name in ("index.md", "om-innboks.md")
        ]
        files = Files([file, *others])
        page = Page(None, file, config)
        page.markdown = body
        page.render(config, files)
        return facts.rendered()

    return render


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_block(), min_size=1, max_size=6).map("\n\n".join))
def test_any_page_is_read_alike_by_the_build_and_by_make_check(render_as_the_build, body):
    source = Source(Path("side.md"), {}, body, 5)
    reader = PageReader(load_settings(ROOT / "mkdocs.yml"))
    assert facts_of(render_as_the_build(body), source) == reader.facts(source)
