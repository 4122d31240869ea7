"""The help site's page chrome around pages the app renders (the inbox).

MkDocs builds one real page per language for this, ``<lang>/innboks/``
(``content/<lang>/innboks.md`` with ``app_shell: true``): header, navigation,
search, language switcher and footer exactly as on every help page, with a
marker where the content goes. The app fills the marker, sets the title and
points the language links at the same app page in each language.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import escape

from app.i18n import LANGUAGES

APP_PATH = "innboks"
MARKER = "<!-- innboks:app-content -->"
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_NOT_RELATIVE = ("/", "#", "http:", "https:", "mailto:", "tel:", "data:")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)


class ShellMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Shell:
    head: str
    tail: str
    site_name: str


def _absolute(html: str, page_path: str) -> str:
    """Relative links in the shell are relative to /<lang>/innboks/; app pages live deeper."""

    def fix(match):
        url = match.group(2)
        if not url or url.startswith(_NOT_RELATIVE):
            return match.group(0)
        return f"{match.group(1)}{urljoin(page_path, url)}{match.group(3)}"

    def fix_config(match):
        config = json.loads(match.group(2))
        for key in ("base", "search"):
            if isinstance(config.get(key), str):
                config[key] = urljoin(page_path, config[key])
        return f"{match.group(1)}{json.dumps(config, ensure_ascii=False)}{match.group(3)}"

    return _CONFIG.sub(fix_config, _URL_ATTRIBUTE.sub(fix, html))


@functools.lru_cache(maxsize=16)
def _load(path: Path, mtime: float, lang: str) -> Shell:
    html = _absolute(path.read_text(encoding="utf-8"), f"/{lang}/{APP_PATH}/")
    if html.count(MARKER) != 1:
        raise ShellMissing(f"{path} has no single content marker; rebuild the site")
    head, tail = html.split(MARKER)
    title = _TITLE.search(head)
    site_name = title.group(0)[7:-8].rsplit(" - ", 1)[-1] if title else ""
    return Shell(head, tail, site_name)


def load_shell(site_dir: Path, lang: str) -> Shell:
    path = site_dir / lang / APP_PATH / "index.html"
    if not path.is_file():
        raise ShellMissing(f"{path} is missing; build the site with `make site`")
    return _load(path, path.stat().st_mtime, lang)


def wrap(site_dir: Path, lang: str, title: str, content: str, subpath: str = "") -> str:
    """A whole page: ``content`` inside the chrome, for /<lang>/innboks/<subpath>."""
    shell = load_shell(site_dir, lang)
    # A function, not a replacement string: a title is text (a subject may hold C:\Users),
    # and re.sub would read its backslashes as group references.
    page_title = f"<title>{escape(title)} - {escape(shell.site_name)}</title>"
    head = _TITLE.sub(lambda _match: page_title, shell.head, count=1)
    if subpath:
        for code in LANGUAGES:
            head = head.replace(f'/{code}/{APP_PATH}/"', f'/{code}/{APP_PATH}/{escape(subpath)}"')
    return head + content + shell.tail
