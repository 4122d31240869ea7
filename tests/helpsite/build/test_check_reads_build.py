"""The site build's content check reads the pages as the build rendered them.

It must find in them exactly what it finds when it renders a page itself
(`make check`, the preview): the same headings and anchors, the links as the
editor wrote them (not the addresses MkDocs makes of them), the same images
and the same prose.
"""

from pathlib import Path

import pytest

from app.helpsite.build.site import build_language
from app.helpsite.content_check.page_facts import PageReader, facts_of
from app.helpsite.content_check.site_settings import load_settings
from app.helpsite.content_check.sources import read_source
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
