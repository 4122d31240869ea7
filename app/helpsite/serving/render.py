"""Render an app page inside the help site's chrome, in the page's language."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, render_template

from app.helpsite.serving.shell import APP_PATH, wrap
from app.i18n.web import page_language


def render_site_page(
    template: str, *, title: str, subpath: str = "", status: int = 200, **context
) -> Response:
    lang = page_language()
    content = render_template(template, lang=lang, title=title, app_path=APP_PATH, **context)
    html = wrap(Path(current_app.config["SITE_DIR"]), lang, title, content, subpath)
    return Response(html, status=status, mimetype="text/html")
