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

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from app.helpsite import pages
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, full_date, native_name, translations

#: lunr stemmers shipped with Material. Northern Sámi has none; the se index
#: holds mostly Norwegian fallback text, so it is stemmed as Norwegian.
SEARCH_LANGUAGE = {"nb": "no", "en": "en", "se": "no"}
OSLO = ZoneInfo("Europe/Oslo")


class LanguagePlugin(BasePlugin):
    language: str = DEFAULT_LANGUAGE

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
        self.fallback_pages: set[str] = set()
        self.page_dates: dict[str, dt.date] = {}
        return config

    def on_files(self, files: Files, config) -> Files:
        problems = pages.tree_problems(self.content_root)
        if problems:
            raise PluginError("The help pages have errors:\n" + "\n".join(map(str, problems)))
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
        return env

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
