"""Serves the built help site (``make site``) with the reader's retrieval date."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, send_from_directory
from werkzeug.security import safe_join

from app.clock import today
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, full_date

bp = Blueprint("helpsite", __name__)
_RETRIEVED = re.compile(r'<time datetime="[0-9-]+" data-retrieved>[^<]*</time>')


def with_retrieval_date(html: str, lang: str, day: dt.date) -> str:
    """A citation's "retrieved" date is the day the reader sees the page."""
    stamp = f'<time datetime="{day.isoformat()}" data-retrieved>{full_date(day, lang)}</time>'
    return _RETRIEVED.sub(stamp, html)


def _site_dir() -> Path:
    return Path(current_app.config["SITE_DIR"])


@bp.get("/")
def root():
    return redirect(f"/{DEFAULT_LANGUAGE}/")


_LANG = f"any({','.join(LANGUAGES)})"


def _kind(path: str) -> str | None:
    """ "dir", "file" or None. os.path's checks, not Path's: a name longer than the file
    system's limit (255 bytes) is no page there, where Path.is_dir() raises OSError."""
    return "dir" if os.path.isdir(path) else "file" if os.path.isfile(path) else None


@bp.get(f"/<{_LANG}:lang>/")
@bp.get(f"/<{_LANG}:lang>/<path:path>")
def page(lang: str, path: str = ""):
    joined = safe_join(str(_site_dir() / lang), path)
    if joined is None:
        return not_found(lang)
    target = Path(joined)
    if _kind(joined) == "dir":
        if path and not path.endswith("/"):
            return redirect(f"/{lang}/{path}/", code=308)
        target = target / "index.html"
    if _kind(str(target)) != "file":
        return not_found(lang)
    if target.suffix == ".html":
        html = target.read_text(encoding="utf-8")
        return Response(with_retrieval_date(html, lang, today()), mimetype="text/html")
    return send_from_directory(target.parent, target.name)


@bp.get("/<path:path>")
def site_file(path: str):
    """Files at the site's root, such as sitemap.xml."""
    target = safe_join(str(_site_dir()), path)
    if target is None or _kind(target) != "file":
        return not_found(DEFAULT_LANGUAGE)
    return send_from_directory(_site_dir(), path)


def not_found(lang: str):
    page_404 = _site_dir() / lang / "404.html"
    if not page_404.is_file():
        abort(404)
    return Response(page_404.read_text(encoding="utf-8"), status=404, mimetype="text/html")
