"""The theme's templates compiled once per build (app/helpsite/build/templates.py): a build
finds them compiled, and nothing compiled for another source or environment is ever used."""

from __future__ import annotations

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.helpsite.build.plugin import prepare_environment
from app.helpsite.build.site import compile_theme
from app.helpsite.build.templates import COMPILED, CompiledTemplates, compile_ahead
from tests.fixtures.paths import ROOT


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def environment(templates: dict[str, str], cache, **settings) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=cache, **settings)


def test_a_second_environment_alike_compiles_nothing(compiled):
    cache = CompiledTemplates()
    templates = {"page.html": "{% include 'part.html' %} {{ x }}", "part.html": "part"}
    first = environment(templates, cache).get_template("page.html").render(x=1)
    second = environment(templates, cache).get_template("page.html").render(x=2)
    assert (first, second) == ("part 1", "part 2")
    assert sorted(compiled) == ["page.html", "part.html"]
    assert len(cache) == 2


def test_an_edited_template_is_compiled_again(compiled):
    cache, templates = CompiledTemplates(), {"page.html": "before"}
    assert environment(templates, cache).get_template("page.html").render() == "before"
    templates["page.html"] = "after"
    assert environment(templates, cache).get_template("page.html").render() == "after"
    assert compiled == ["page.html", "page.html"]


def test_an_environment_without_a_filter_does_not_get_code_that_needs_it():
    """Jinja refuses, at compile time, a filter the environment lacks: code compiled where the
    filter exists must not be handed to an environment that has none."""
    cache, templates = CompiledTemplates(), {"page.html": "{{ x | shout }}"}
    with_filter = environment(templates, cache)
    with_filter.filters["shout"] = str.upper
    assert with_filter.get_template("page.html").render(x="hei") == "HEI"
    with pytest.raises(jinja2.TemplateAssertionError, match="shout"):
        environment(templates, cache).get_template("page.html")


#: Compile settings that change the code Jinja makes from the same source.
SETTINGS = st.tuples(
    st.fixed_dictionaries(
        {},
        optional={
            "autoescape": st.booleans(),
            "trim_blocks": st.booleans(),
            "lstrip_blocks": st.booleans(),
            "keep_trailing_newline": st.booleans(),
        },
    ),
    st.sampled_from([{}, {"variable_start_string": "[[", "variable_end_string": "]]"}]),
).map(lambda parts: parts[0] | parts[1])
#: Few sources, each telling the settings apart (escaping, whitespace control, delimiters),
#: so that the same source often comes back under other settings.
SOURCES = st.sampled_from(
    [
        "<b>{{ x }}</b> [[ x ]]\n",
        "  {% if x %}\n  {{ x }}\n  {% endif %}\n",
        "[[ x ]]\n  {% if x %}\n  {{ x }}&\n  {% endif %}",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(SOURCES, SETTINGS), min_size=1, max_size=6))
def test_through_the_cache_a_template_renders_as_compiled_afresh(steps):
    """Any sequence of edits and environments: what renders through one shared cache is what
    the same environment renders with no cache at all."""
    cache = CompiledTemplates()
    for source, options in steps:
        templates = {"page.html": source}
        expected = environment(templates, None, **options).get_template("page.html").render(x="<i>")
        assert environment(templates, cache, **options).get_template("page.html").render(x="<i>") == expected


def test_compile_ahead_follows_what_templates_name(compiled):
    cache = CompiledTemplates()
    templates = {
        "main.html": "{% extends 'base.html' %}{% block b %}{% include 'part.html' %}{% endblock %}",
        "base.html": "{% import 'macros.html' as m %}{% block b %}{% endblock %}{% include 'icon-' ~ x %}",
        "part.html": "{% if false %}{% include 'absent.html' %}{% endif %}part",
        "macros.html": "{% macro m() %}{% endmacro %}",
        "unused.html": "never",
    }
    env = environment(templates, cache)
    assert compile_ahead(env, ["main.html"]) == 5  # absent.html was looked for, not found
    assert sorted(compiled) == ["base.html", "macros.html", "main.html", "part.html"]
    compiled.clear()
    templates["icon-a"] = "A"
    assert environment(templates, cache).get_template("main.html").render(x="a") == "partA"
    assert compiled == ["icon-a"]  # named by an expression: left to the build


def test_a_language_build_finds_the_theme_compiled(compiled, monkeypatch):
    """What the parallel build does before it forks: afterwards, a language's environment,
    made as MkDocs makes it, compiles none of the templates a page, the 404 page and the
    site map render (Material's icons, named by an expression, are left to it)."""
    monkeypatch.setattr(COMPILED, "_code", {})
    count = compile_theme(ROOT / "mkdocs.yml")
    assert {"main.html", "base.html", "404.html", "nettstedskart/index.html", "partials/nav.html"} <= set(
        compiled
    )
    assert count >= len(compiled) > 20
    compiled.clear()

    from mkdocs.config import load_config

    for lang in ("en", "se"):
        env = load_config(str(ROOT / "mkdocs.yml")).theme.get_env()
        prepare_environment(env, lang)
        for name in ("main.html", "404.html", "nettstedskart/index.html", "partials/nav-item.html"):
            env.get_template(name)
    assert compiled == []


def test_the_theme_lists_the_same_static_files_without_walking_dot_folders():
    """MkDocs copies the theme's static files it lists; skipping what is under .icons and
    the like while listing changes nothing it copies, and an icon still loads."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from app.helpsite.build.templates import ThemeLoader, theme_environment

    config = load_config(str(ROOT / "mkdocs.yml"))
    plain, ours = config.theme.get_env(), theme_environment(config.theme)
    assert isinstance(ours.loader, ThemeLoader)
    everything = plain.list_templates()
    listed = ours.list_templates()
    assert len(listed) < len(everything) / 10
    assert listed == [name for name in everything if not any(p.startswith(".") for p in name.split("/")[:-1])]
    copied = {}
    for name, env in (("plain", plain), ("ours", ours)):
        files = Files([])
        files.add_files_from_theme(env, config)
        copied[name] = sorted((f.src_uri, f.abs_src_path) for f in files)
    assert copied["ours"] == copied["plain"]
    assert len(copied["ours"]) > 20  # Material's scripts, styles and fonts, and ours
    assert "<svg" in ours.get_template(".icons/material/menu.svg").render()
