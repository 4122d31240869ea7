"""MkDocs plugin ``innboks-i18n``: one build of the help site in one language.

``python -m app.helpsite build`` runs MkDocs once per language and sets the
plugin's ``language`` option before each run. In a build for en or se,
every nb page is replaced by its translation where one exists; a page without
one keeps the nb file (and its place in the navigation) and is marked so the
templates wrap its body in ``lang="nb"`` with a notice.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from jinja2 import pass_context
from markupsafe import Markup
from material.plugins.search.plugin import SearchIndex
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from app.clock import today
from app.helpsite.build.renders import RENDERS
from app.helpsite.build.search import MarkdownSearchIndex
from app.helpsite.build.templates import COMPILED, theme_environment
from app.helpsite.content_check.gate import check_sources
from app.helpsite.content_check.page_facts import FactsExtension, Rendered
from app.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    full_date,
    marks,
    native_name,
    text_language,
    translations,
)
from app.i18n.templates import jinja_gettext

#: The plugin's name in mkdocs.yml, from the entry point in pyproject.toml.
PLUGIN = "innboks-i18n"

#: The site map's address inside a language, and the theme template that makes it.
SITE_MAP_URL = "nettstedskart/"
SITE_MAP_TEMPLATE = SITE_MAP_URL + "index.html"

#: lunr stemmers shipped with Material. Northern Sámi has none; the se index
#: holds mostly Norwegian fallback text, so it is stemmed as Norwegian.
SEARCH_LANGUAGE = {"nb": "no", "en": "en", "se": "no"}


class LanguagePluginConfig(Config):
    language = config_options.Choice(LANGUAGES, default=DEFAULT_LANGUAGE)
    #: Set by the site build, which checks the sources once for all languages
    #: and writes one sitemap for them; a plain `mkdocs build` does both itself.
    site_build = config_options.Type(bool, default=False)


class LanguagePlugin(BasePlugin[LanguagePluginConfig]):
    @property
    def language(self) -> str:
        return self.config.language

    @event_priority(100)  # before Material's search plugin reads its language
    def on_config(self, config):
        if not config.site_url:
            raise PluginError("mkdocs.yml must set site_url: hreflang links and citations need it")
        self.content_root = Path(config.docs_dir).parent
        self.root_url = config.site_url.rstrip("/") + "/"
        config.site_url = f"{self.root_url}{self.language}/"
        config.theme["language"] = self.language
        # MkDocs lists the theme's files through this environment's loader (templates.ThemeLoader).
        config.theme.get_env = functools.partial(theme_environment, config.theme)
        for name, plugin in config.plugins.items():
            if name.endswith("search"):
                plugin.config.lang = [SEARCH_LANGUAGE[self.language]]
        self.facts = FactsExtension()
        self.rendered: dict[str, Rendered] = {}
        if self.config.site_build:
            config.theme.static_templates.discard("sitemap.xml")
            # The content check reads the pages as this build renders them (site.build_languages).
            config.markdown_extensions.append(self.facts)
        # Rendered once per language after the pages, when every title is final.
        config.theme.static_templates.add(SITE_MAP_TEMPLATE)
        self.fallback_pages: set[str] = set()
        self.page_dates: dict[str, dt.date] = {}
        return config

    def on_pre_build(self, config):
        # After every plugin's on_config, where Material's search plugin makes its index.
        for name, plugin in config.plugins.items():
            if name.endswith("search") and isinstance(getattr(plugin, "search_index", None), SearchIndex):
                plugin.search_index = MarkdownSearchIndex(**plugin.config)

    def on_files(self, files: Files, config) -> Files:
        if not self.config.site_build:
            check_sources(self.content_root, Path(config.config_file_path))
        if self.language == DEFAULT_LANGUAGE:
            return files
        own_dir = self.content_root / self.language
        result = []
        for file in files:
            if file.src_dir == config.docs_dir and (own_dir / file.src_path).is_file():
                file = File(file.src_path, str(own_dir), config.site_dir, config.use_directory_urls)
            elif file.src_dir == config.docs_dir and file.is_documentation_page():
                self.fallback_pages.add(file.src_uri)
            result.append(file)
        # A new Files in the same order keeps each page's place in the navigation.
        return Files(result)

    def on_env(self, env, config, files):
        prepare_environment(env, self.language)
        env.globals["retrieved_on"] = today()
        env.globals["innboks_nav_items"] = NavigationCache()
        # What a preview needs to rebuild one page without a whole build.
        self.env, self.files = env, files
        return env

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_pre_page(self, page, config, files):
        # nb's rendering of a page serves every language that falls back to it (renders.py).
        facts = self.facts if self.config.site_build else None
        page.render = functools.partial(RENDERS.render, page, facts=facts)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.fallback_pages:
            page.meta["content_language"] = DEFAULT_LANGUAGE
        if page.meta.get("app_shell"):
            # An inbox page is no step in the help pages' reading order: no Previous/Next
            # under a hospital letter (Material's footer honours `hide: [footer]`).
            page.meta["hide"] = [*page.meta.get("hide", []), "footer"]
        self.page_dates[page.url] = page.meta["last_updated"]
        return markdown

    def on_page_content(self, html, page, config, files):
        if self.facts.last is not None and page.file.abs_src_path:
            self.rendered[os.path.abspath(page.file.abs_src_path)] = self.facts.rendered()
        if page.file.src_uri in self.fallback_pages and marks.needs_marks(self.language):
            # The title and headings of an untranslated page are Norwegian wherever they
            # are shown: navigation, header, table of contents, Previous/Next, citation.
            page.meta["title"] = marks.mark(page.title, DEFAULT_LANGUAGE)
            for anchor in _anchors(page.toc):
                anchor.title = marks.mark(anchor.title, DEFAULT_LANGUAGE)

        # A link to another language's page, `nb:om-innboks.md#anchor` (checked by the
        # content check), becomes the address of that page relative to this one.
        def address(match: re.Match) -> str:
            lang, path, fragment = match.groups()
            url = File(path, "", "", config.use_directory_urls).url
            return f'href="{_up_to_root(page.url)}{lang}/{"" if url == "./" else url}{fragment or ""}"'

        return _LANGUAGE_LINK.sub(address, html)

    def on_post_page(self, output, page, config):
        return marks.apply(output, self.language)

    def on_post_template(self, output_content, template_name, config):
        return marks.apply(output_content, self.language)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config):
        index = Path(config.site_dir) / "search" / "search_index.json"
        if marks.needs_marks(self.language) and index.is_file():
            text = index.read_text(encoding="utf-8")
            if marks.has_marks(text):
                index.write_text(marks.strip(text), encoding="utf-8")

    def on_page_context(self, context, page, config, nav):
        # Material reads the language switcher and the hreflang links from
        # config.extra.alternate; point them at this page's own translations.
        config.extra["alternate"] = self.alternates(page.url, relative_to=page.url)
        return context

    def on_pre_template(self, template, template_name, config):
        if template_name == "404.html":
            # Served at any address, so its links cannot be relative.
            config.extra["alternate"] = self.alternates("", relative_to=None)
        elif template_name == SITE_MAP_TEMPLATE:
            config.extra["alternate"] = self.alternates(SITE_MAP_URL, relative_to=SITE_MAP_URL)
        return template

    def alternates(self, url: str, relative_to: str | None) -> list[dict]:
        root_path = urlsplit(self.root_url).path
        result = []
        for lang in LANGUAGES:
            if relative_to is None:
                href = f"{root_path}{lang}/{url}"
            else:
                href = f"{_up_to_root(relative_to)}{lang}/{url}"
            result.append(
                {
                    "lang": lang,
                    "name": native_name(lang),
                    "link": f"{self.root_url}{lang}/{url}",
                    "href": href,
                    "current": lang == self.language,
                }
            )
        result.append({**result[0], "lang": "x-default", "current": False})
        return result


#: The href of a link to another language's page, as Python-Markdown writes it.
_LANGUAGE_LINK = re.compile(rf'href="({"|".join(LANGUAGES)}):([^"#]+\.md)(#[^"]*)?"')


def _anchors(toc):
    for anchor in toc:
        yield anchor
        yield from _anchors(anchor.children)


def _up_to_root(page_url: str) -> str:
    """From a page at ``page_url`` inside its language up to the site root, above the languages."""
    return "../" * (page_url.count("/") + 1)


def language_plugin(config: MkDocsConfig) -> LanguagePlugin:
    """This plugin as MkDocs loaded it for ``config``."""
    return cast(LanguagePlugin, config.plugins[PLUGIN])


def set_options(config: MkDocsConfig, **options: object) -> None:
    """Sets the plugin's options in a loaded configuration, validated as if mkdocs.yml set them."""
    plugin_config = language_plugin(config).config
    plugin_config.load_dict(options)
    errors, _ = plugin_config.validate()
    if errors:
        raise PluginError(f"{PLUGIN}: " + "; ".join(f"{name}: {error}" for name, error in errors))


def prepare_environment(env, language: str) -> None:
    """The theme's environment for ``language``: its catalog, filters and globals. Set alike in
    each build and in the parent that compiles the templates for them (site.compile_theme),
    as Jinja compiles a template only against the filters it will find."""
    catalog = translations(language)
    env.install_gettext_translations(catalog, newstyle=True)
    # Jinja's `_` goes through three calls to reach the catalog; the theme
    # strings call it some 1600 times a page, which was half the build.
    # On a page whose strings can fall back (se to nb), each carries its language as
    # marks that on_post_page makes lang attributes (app/i18n/marks.py).
    env.globals["_"] = env.globals["gettext"] = direct_gettext(
        catalog, language if marks.needs_marks(language) else None
    )
    # For an element that carries its language itself.
    env.globals["unmarked_gettext"] = direct_gettext(catalog, None)
    env.filters["full_date"] = lambda value: marks.in_every_language(
        language, lambda lang: full_date(value, lang)
    )
    env.filters["one_stop_after"] = one_stop_after
    # The language a string's text is in: se falls back to nb text.
    env.globals["text_lang"] = lambda msgid: text_language(msgid, language)
    env.globals["languages"] = LANGUAGES
    env.globals["site_map_url"] = SITE_MAP_URL
    env.bytecode_cache = COMPILED


def one_stop_after(text: str, title: str) -> Markup:
    """The citation's full stop after a title that ends in its own ?, ! or . is dropped
    ("Hva er innboksen?." is "Hva er innboksen?"), as the citation style has it: the
    catalogs' sentence stays one string for every title."""
    shown = str(Markup.escape(title))
    if not title.rstrip().endswith(("?", "!", ".")):
        return Markup(text)
    return Markup(str(text).replace(shown + ".", shown, 1))


def direct_gettext(catalog, marked_on: str | None):
    """``_()`` for templates: Jinja's new-style gettext, one call deep, each string looked up once;
    on a ``marked_on`` page each string is marked with the language its text is in."""
    found: dict[str, str] = {}

    def lookup(message: str) -> str:
        text = found.get(message)
        if text is None:
            text = catalog.gettext(message)
            if marked_on:
                text = marks.mark(text, text_language(message, marked_on))
            found[message] = text
        return text

    return jinja_gettext(lookup)


#: Stands for the way from a page up to the site root in a cached navigation item.
_ROOT = "\x1f"


class NavigationCache:
    """The top-level navigation items of one build, each rendered once.

    An item that does not hold the current page renders the same on every
    page but for its links, which are relative to the page: with
    navigation.prune a section is then closed, its link to its first page
    only. It is rendered by Material's own macro with no current page and
    links from a placeholder root, and the placeholder is replaced by the way
    up from each page.
    """

    def __init__(self) -> None:
        self.html: list[str | None] = []
        self.position: dict[int, int] = {}
        self.macros: Any = None  # Material's nav-item.html, once loaded

    @pass_context
    def __call__(self, context, items) -> list:
        """Runs of the navigation: cached HTML, and the active item to render live."""
        if len(self.html) != len(items):
            self.html = [None] * len(items)
            self.position = {id(item): index for index, item in enumerate(items)}
        page = context["page"]
        if page is None:
            # A theme template (the 404 page, the site map): no item holds it, and its
            # links start from its base_url, as MkDocs' url filter makes them without a page.
            active: list[int] = []
            up = posixpath.join(context["base_url"], "")
        else:
            # The top-level item that holds the page, found from the page up, not by
            # asking every item: that would be the whole navigation again on every page.
            top = page
            while top.parent is not None:
                top = top.parent
            active = [self.position[id(top)]] if id(top) in self.position else []
            up = "../" * page.url.count("/") or "./"
        if None in self.html:
            for index in [i for i, html in enumerate(self.html) if html is None and i not in active]:
                self.html[index] = self._render(context, items[index], index + 1)
        runs: list[Markup | dict[str, Any]] = []
        start = 0
        for index in active:
            runs.append(self._relative(self.html[start:index], up))
            runs.append({"item": items[index], "index": index + 1})
            start = index + 1
        runs.append(self._relative(self.html[start:], up))
        return runs

    def _render(self, context, item, number: int) -> str:
        if self.macros is None:
            template = context.environment.get_template("partials/nav-item.html")
            self.macros = template.make_module({**context.get_all(), "page": None, "base_url": _ROOT})
        return str(self.macros.render(item, f"__nav_{number}", 1))

    @staticmethod
    def _relative(html: list[str | None], up: str) -> Markup:
        # Each link was made as posixpath.join(_ROOT, path); with `up` for "_ROOT/" it is the
        # link from the page, or join(base_url, path) for a theme template.
        # Only the active item is left unrendered, and it is never among these.
        return Markup("".join(filter(None, html)).replace(_ROOT + "/", up))
