"""Build the help site in every language into one folder, atomically.

Each language is an ordinary MkDocs build into ``<site>/<lang>/`` with the
``innboks-i18n`` plugin told which language it is. The result is assembled in
a staging folder beside the site and swapped in only when every language
built, so a failed build never leaves a half-written site behind.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

PLUGIN = "innboks-i18n"
_building: list[str] = []


def current_language() -> str:
    """The language being built, for messages that name a file."""
    return _building[-1] if _building else DEFAULT_LANGUAGE


def build_language(config_file: Path, lang: str, out_dir: Path) -> dict[str, dt.date]:
    """Build one language; returns each page's URL (inside the language) and last update."""
    config = load_config(str(config_file), site_dir=str(out_dir))
    plugin = config.plugins[PLUGIN]
    plugin.language = lang
    _building.append(lang)
    try:
        mkdocs_build(config)
    finally:
        _building.pop()
    return dict(plugin.page_dates)


def build_site(config_file: Path, site_dir: Path, languages=LANGUAGES) -> dict:
    """Build all languages and replace ``site_dir`` with the result."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.building-", dir=site_dir.parent))
    try:
        dates = {lang: build_language(config_file, lang, staging / lang) for lang in languages}
        root_url = load_config(str(config_file)).site_url.rstrip("/") + "/"
        _write_root(staging, root_url, dates)
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dates


def _write_root(staging: Path, root_url: str, dates: dict[str, dict[str, dt.date]]) -> None:
    default = DEFAULT_LANGUAGE
    (staging / "index.html").write_text(
        f'<!doctype html><html lang="{default}"><head><meta charset="utf-8">'
        f'<title>Innboks</title><meta http-equiv="refresh" content="0; url={default}/">'
        f'<link rel="canonical" href="{root_url}{default}/"></head>'
        f'<body><a href="{default}/">Innboks</a></body></html>\n',
        encoding="utf-8",
    )
    shutil.copy(staging / default / "404.html", staging / "404.html")
    for lang in dates:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (staging / lang / name).unlink(missing_ok=True)
    (staging / "sitemap.xml").write_text(sitemap(root_url, dates), encoding="utf-8")


def sitemap(root_url: str, dates: dict[str, dict[str, dt.date]]) -> str:
    """One sitemap for all languages, each URL listing its alternates and x-default."""
    langs = list(dates)
    urls = sorted(set().union(*(d.keys() for d in dates.values())))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url in urls:
        alternates = [(lang, f"{root_url}{lang}/{url}") for lang in langs]
        alternates.append(("x-default", f"{root_url}{DEFAULT_LANGUAGE}/{url}"))
        for lang in langs:
            if url not in dates[lang]:
                continue
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(f'{root_url}{lang}/{url}')}</loc>")
            lines.append(f"    <lastmod>{dates[lang][url].isoformat()}</lastmod>")
            lines.extend(
                f'    <xhtml:link rel="alternate" hreflang="{code}" href="{escape(href)}"/>'
                for code, href in alternates
            )
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _swap(staging: Path, site_dir: Path) -> None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{site_dir.name}.old-{staging.name.rsplit('-', 1)[-1]}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
