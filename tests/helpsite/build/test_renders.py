"""A page's Markdown is rendered once per process (app/helpsite/build/renders.py): a
remembered rendering is taken only where rendering again would give the same."""

import filecmp
import inspect
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from app.helpsite.build import renders
from app.helpsite.build.renders import RenderMemo
from app.helpsite.build.site import build_site, groups
from app.helpsite.content_check.page_facts import FactsExtension
from app.helpsite.content_check.sources import page_paths
from bench import synthetic
from tests.fixtures.paths import ROOT


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [f"{left}: {name}" for name in compared.left_only + compared.right_only + compared.diff_files]
    for name in compared.common_dirs:
        found += _differences(left / name, right / name)
    return found


@pytest.mark.parametrize("site", ["real", "synthetic"])
def test_a_build_that_remembers_renderings_writes_the_same_site(tmp_path, monkeypatch, site):
    config = ROOT / "mkdocs.yml" if site == "real" else synthetic.ours(ROOT, tmp_path / "ours", 30)
    taken: list[bool] = []
    memo = RenderMemo()
    render = memo.render

    def counted(*args, **kwargs):
        taken.append(render(*args, **kwargs))
        return taken[-1]

    monkeypatch.setattr(memo, "render", counted)
    monkeypatch.setattr(renders, "RENDERS", memo)
    monkeypatch.setattr("app.helpsite.build.plugin.RENDERS", memo)
    build_site(config, tmp_path / "remembering", parallel=False)
    remembered = sum(taken)

    class Forgetful(RenderMemo):
        """MkDocs' own rendering of every page."""

        def render(self, page, config, files, facts):
            Page.render(page, config, files)
            return False

    monkeypatch.setattr("app.helpsite.build.plugin.RENDERS", Forgetful())
    build_site(config, tmp_path / "rendering", parallel=False)

    # se falls back to nb for every real page and for two in three of the benchmark's.
    content = Path(config).parent / "content"
    fallbacks = len(set(page_paths(content, "nb")) - set(page_paths(content, "se")))
    assert remembered == fallbacks > 0
    assert _differences(tmp_path / "remembering", tmp_path / "rendering") == []


def test_the_rendering_is_mkdocs_own_as_it_was_copied():
    """RenderMemo._render is MkDocs 1.6.1's Page.render with the Markdown instance kept: if an
    upgrade changes MkDocs' own, bring ours in line, then copy MkDocs' new source here."""
    copied = (Path(__file__).parent / "mkdocs_upstream" / "page_render.py.txt").read_text()
    assert inspect.getsource(Page.render) == copied, "MkDocs changed Page.render: see this test's docstring"


def test_the_parallel_build_builds_nb_with_the_language_that_falls_back_most(tmp_path):
    assert groups(ROOT / "content", ("nb", "en", "se")) == [("nb", "se"), ("en",)]
    site = synthetic.ours(ROOT, tmp_path / "ours", 12).parent / "content"
    assert groups(site, ("nb", "en", "se")) == [("nb", "se"), ("en",)]
    assert groups(site, ("en", "se")) == [("en",), ("se",)]
    for lang in ("en", "se"):  # nothing to share: each language on its own
        for page in (site / "nb").rglob("*.md"):
            target = site / lang / page.relative_to(site / "nb")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.read_text())
    assert groups(site, ("nb", "en", "se")) == [("nb",), ("en",), ("se",)]


# Two builds' worlds: a page rendered in the first, then in the second, where it may differ
# in text, the files there are, their addresses, and the settings.
_PAGES = ["index.md", "om-innboks.md", "del/svar.md", "del/index.md", "bilde.png"]
_WORD = st.text(alphabet="abcæøåABÆ", min_size=1, max_size=5)  # capitals: a slug keeps or lowers them
_LINK = st.sampled_from(
    ["om-innboks.md", "om-innboks.md#svar", "del/svar.md#x", "#svar", "bilde.png", "mangler.md", "del/"]
)


@st.composite
def _markdown(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        text = draw(_WORD)
        blocks.append(
            draw(
                st.sampled_from(
                    [
                        f"# {text}",
                        f"## {text} {{#{text}}}",
                        f"{text} [{text}]({draw(_LINK)})",
                        f"![{text}]({draw(_LINK)})",
                        f'!!! note "{text}"\n\n    [{text}]({draw(_LINK)})',
                        # a reference on one page, its definition perhaps on another
                        f"[{text}][r{draw(st.integers(0, 1))}]",
                        f"[r{draw(st.integers(0, 1))}]: {draw(_LINK)}",
                    ]
                )
            )
        )
    return "\n\n".join(blocks)


@st.composite
def _world(draw) -> dict:
    return {
        "present": draw(st.sets(st.sampled_from(_PAGES[1:]))),
        "directory_urls": draw(st.booleans()),
        "slug_case": draw(st.sampled_from(["lower", "none"])),
        "folder": draw(st.sampled_from(["nb", "se"])),  # where the other pages' sources are
    }


def _config(tmp: Path, world: dict):
    yml = tmp / f"mkdocs-{world['directory_urls']}-{world['slug_case']}.yml"
    yml.write_text(
        "site_name: x\nsite_url: http://127.0.0.1/\n"
        f"use_directory_urls: {str(world['directory_urls']).lower()}\n"
        "markdown_extensions:\n  - attr_list\n  - admonition\n  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        f"        kwds: {{case: {world['slug_case']}}}\n"
    )
    (tmp / "docs").mkdir(exist_ok=True)
    config = load_config(str(yml))
    facts = FactsExtension()
    config.markdown_extensions.append(facts)
    return config, facts


def _render(tmp: Path, world: dict, body: str, memo: RenderMemo | None, build=None):
    """``body`` rendered as index.md in ``world``, by the memo or by MkDocs; ``build``: the
    configuration and content-check extension of an earlier call to go on with."""
    config, facts = build or _config(tmp, world)
    urls = world["directory_urls"]
    page_file = File("index.md", str(tmp / "nb"), str(tmp / "site"), urls)
    others = [
        File(name, str(tmp / world["folder"]), str(tmp / "site"), urls) for name in sorted(world["present"])
    ]
    files = Files([page_file, *others])
    page = Page(None, page_file, config)
    page.markdown = body
    logger = logging.getLogger("mkdocs.structure.pages")
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        if memo is None:
            page.render(config, files)
        else:
            memo.render(page, config, files, facts)
    finally:
        logger.removeHandler(handler)
    return {
        "content": page.content,
        "toc": [renders._token(anchor) for anchor in page.toc],
        "title": page._title_from_render,
        "anchors": page.present_anchor_ids,
        "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
        "links_to_this_build": all(
            files.get_file_from_path(f.src_uri) is f for f in page.links_to_anchors or {}
        ),
        "facts": vars(facts.last) if facts.last is not None else None,
        "logged": records,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_markdown(), _world(), st.data())
def test_a_page_rendered_again_gives_what_rendering_it_gives(tmp_path, body, first, data):
    second = data.draw(st.one_of(st.just(first), _world()), "second world")
    again = data.draw(st.one_of(st.just(body), _markdown()), "second text")
    memo = RenderMemo()
    assert _render(tmp_path, first, body, memo) == _render(tmp_path, first, body, None)
    assert _render(tmp_path, second, again, memo) == _render(tmp_path, second, again, None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_markdown(), min_size=2, max_size=4), _world())
def test_pages_one_after_the_other_on_one_markdown_are_rendered_as_alone(tmp_path, bodies, world):
    """The build's one Markdown instance, reset between pages, carries nothing from a page to
    the next (its table of contents, ids, references, stashed HTML)."""
    config, facts = _config(tmp_path, world)
    memo = RenderMemo()
    for body in bodies:
        assert _render(tmp_path, world, body, memo, (config, facts)) == _render(tmp_path, world, body, None)


def test_a_page_that_logged_is_rendered_and_logs_again(tmp_path):
    world = {"present": set(), "directory_urls": True, "slug_case": "lower", "folder": "nb"}
    memo = RenderMemo()
    first = _render(tmp_path, world, "[x](mangler.md)", memo)
    assert first["logged"] and len(memo) == 0
    assert _render(tmp_path, world, "[x](mangler.md)", memo)["logged"] == first["logged"]
    assert (
        _render(tmp_path, {**world, "present": {"om-innboks.md"}}, "[x](om-innboks.md)", memo)["logged"] == []
    )
    assert len(memo) == 1
