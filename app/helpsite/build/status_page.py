"""The translation status as a web page for the team: in the preview at /_status/,
and written by ``make site`` to ``site.status/index.html``, beside the site and never in it."""

from __future__ import annotations

import html
from pathlib import Path

from app.helpsite.content_check.site_settings import load_settings
from app.helpsite.content_check.status import (
    MISSING,
    OLDER,
    SOURCE,
    PageStatus,
    next_to_translate,
    translation_status,
)
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_name

#: The preview's address of the page.
PREVIEW_PATH = "/_status/"


def status_folder(site_dir: Path) -> Path:
    """Where ``make site`` writes the page: beside the site, so it is never published."""
    return site_dir.with_name(f"{site_dir.name}.status")


def _cell(row: PageStatus, lang: str) -> str:
    version = row.versions[lang]
    nb_date = row.versions[DEFAULT_LANGUAGE].updated
    if version.state == MISSING:
        text = "missing"
    elif version.state == OLDER:
        text = f"older than nb: {version.updated} (nb {nb_date})"
    elif version.state == SOURCE:
        text = f"source, {version.updated}"
    else:
        text = f"up to date, {version.updated}"
    lix = "" if version.lix is None or version.state == MISSING else f"; LIX {version.lix}"
    if version.lix is None and version.state != MISSING:
        lix = "; LIX: under 50 words"
    state = version.state.split()[0]
    return f'<td class="{state}">{html.escape(text + lix)}</td>'


def status_html(content_root: Path, config_file: Path) -> str:
    rows = translation_status(content_root, load_settings(config_file))
    head = "".join(f"<th>{html.escape(language_name(lang, 'en'))} ({lang})</th>" for lang in LANGUAGES)
    body = "".join(
        f"<tr><th>{html.escape(row.title)}<br><code>{html.escape(row.rel)}</code></th>"
        + "".join(_cell(row, lang) for lang in LANGUAGES)
        + "</tr>"
        for row in rows
    )
    upcoming = "".join(
        f"<li>{html.escape(language_name(lang, 'en'))} ({lang}): "
        + (html.escape(", ".join(next_to_translate(rows, lang)[:3])) or "nothing, every page is up to date")
        + "</li>"
        for lang in LANGUAGES
        if lang != DEFAULT_LANGUAGE
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex"><title>Translation status</title><style>'
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "th,td{border:1px solid #999;padding:.4em;text-align:left;vertical-align:top}"
        ".missing{background:#fdd}.older{background:#ffd}.up{background:#dfd}"
        "</style></head><body><h1>Translation status</h1>"
        "<p>Every help page in navigation order: a translator takes the first page that is "
        "missing or older than the Norwegian (nb) page. LIX is the readability index "
        "(pages under 50 words get none).</p>"
        f"<h2>Next to translate</h2><ul>{upcoming}</ul><h2>Every page</h2>"
        f"<table><thead><tr><th>Page</th>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>\n"
    )


def write_status(content_root: Path, config_file: Path, site_dir: Path) -> Path:
    """Writes the page beside ``site_dir``; returns its file."""
    folder = status_folder(site_dir)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    page.write_text(status_html(content_root, config_file), encoding="utf-8")
    return page
