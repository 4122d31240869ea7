"""MkDocs plugin ``innboks-i18n``: one build of the help site in one language.

``python -m app.helpsite build`` runs MkDocs once per language and sets
:attr:`LanguagePlugin.language` before each run. In a build for en or se,
every nb page is replaced by its translation where one exists; a page without
one keeps the nb file (and its place in the navigation) and is marked so the
templates wrap its body in ``lang="nb"`` with a notice.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from app.helpsite import pages
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, full_date, native_name, translations

#: lunr stemmers shipped with Material. Northern Sámi has none; the se index
#: holds mostly Norwegian fallback text, so it is stemmed as Norwegian.
SEARCH_LANGUAGE = {"nb": "no", "en": "en", "se": "no"}
OSLO = ZoneInfo("Europe/Oslo")


def check_sources(content_root: Path, config_file: Path | None = None) -> None:
    """Stop the build on any problem in the page sources, naming the files."""
    problems = pages.tree_problems(content_root, config_file)
    if problems:
        raise PluginError("The help pages have errors:\n" + "\n".join(map(str, problems)))


class LanguagePlugin(BasePlugin):
    language: str = DEFAULT_LANGUAGE
    #: Set by the site build, which checks the sources once for all languages
    #: and writes one sitemap for them; a plain `mkdocs build` does both itself.
    site_build: bool = False

    @event_priority(100)  # before Material's search plugin reads its language
    def on_config(self, config):
        if self.language not in LANGUAGES:
            raise PluginError(f"Unknown language {self.language!r}; expected one of {LANGUAGES}")
        if not config.site_url:
            raise PluginError("mkdocs.yml must set site_url: hreflang links and citations need it")
        self.content_root = Path(config.docs_dir).parent
        self.root_url = config.site_url.rstrip("/") + "/"
        config.site_url = f"{self.root_url}{self.language}/"
        config.theme["language"] = self.language
        for name, plugin in config.plugins.items():
            if name.endswith("search"):
                plugin.config.lang = [SEARCH_LANGUAGE[self.language]]
        if self.site_build:
            config.theme.static_templates.discard("sitemap.xml")
        self.fallback_pages: set[str] = set()
        self.page_dates: dict[str, dt.date] = {}
        return config

    def on_files(self, files: Files, config) -> Files:
        if not self.site_build:
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
        env.install_gettext_translations(translations(self.language), newstyle=True)
        env.filters["full_date"] = lambda value: full_date(value, self.language)
        env.globals["retrieved_on"] = dt.datetime.now(OSLO).date()
        env.globals["languages"] = LANGUAGES
        env.globals["innboks_nav_items"] = NavigationCache()
        # What a preview needs to rebuild one page without a whole build.
        self.env, self.files = env, files
        return env

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.fallback_pages:
            page.meta["content_language"] = DEFAULT_LANGUAGE
        self.page_dates[page.url] = page.meta["last_updated"]
        return markdown

    def on_page_context(self, context, page, config, nav):
        # Material reads the language switcher and the hreflang links from
        # config.extra.alternate; point them at this page's own translations.
        config.extra["alternate"] = self.alternates(page.url, relative_to=page.url)
        return context

    def on_pre_template(self, template, template_name, config):
        if template_name == "404.html":
            # Served at any address, so its links cannot be relative.
            config.extra["alternate"] = self.alternates("", relative_to=None)
        return template

    def alternates(self, url: str, relative_to: str | None) -> list[dict]:
        root_path = urlsplit(self.root_url).path
        result = []
        for lang in LANGUAGES:
            if relative_to is None:
                href = f"{root_path}{lang}/{url}"
            else:
                href = "../" * (relative_to.count("/") + 1) + f"{lang}/{url}"
            result.append({
                "lang": lang, "name": native_name(lang), "link": f"{self.root_url}{lang}/{url}",
                "href": href, "current": lang == self.language,
            })
        result.append({**result[0], "lang": "x-default", "current": False})
        return result


#: Stands for the way from a page up to the site root in a cached navigation item.
_ROOT = "\x1f"


class NavigationCache:
    """The top-level navigation items of one build, each rendered once.

    An item that does not hold the current page renders the same on every
    page but for its links, which are relative to the page. It is rendered by
    Material's own macro with no current page and links from a placeholder
    root, and the placeholder is replaced by the way up from each page.
    """

    def __init__(self) -> None:
        self.rendered: dict[int, str] = {}
        self.macros = None

    @pass_context
    def __call__(self, context, items) -> list:
        """Runs of the navigation: cached HTML, and the active item to render live."""
        page = context["page"]
        up = "../" * page.url.count("/") or "./"
        runs, cached = [], []
        for index, item in enumerate(items, 1):
            if item.active:
                runs.append(self._relative("".join(cached), up))
                runs.append({"item": item, "index": index})
                cached = []
            else:
                cached.append(self._render(context, item, index))
        runs.append(self._relative("".join(cached), up))
        return runs

    def _render(self, context, item, index: int) -> str:
        html = self.rendered.get(index)
        if html is None:
            if self.macros is None:
                template = context.environment.get_template("partials/nav-item.html")
                neutral = {**context.get_all(), "page": None, "base_url": _ROOT}
                self.macros = template.make_module(neutral)
            html = self.rendered[index] = str(self.macros.render(item, f"__nav_{index}", 1))
        return html

    @staticmethod
    def _relative(html: str, up: str) -> Markup:
        return Markup(html.replace(_ROOT + "/", up))
