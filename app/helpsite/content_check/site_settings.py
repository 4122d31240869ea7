"""What the content checks read from ``mkdocs.yml``.

The checks compute anchors with the very Markdown extensions the build uses,
so they read ``markdown_extensions`` the way MkDocs does (its own option,
with MkDocs' built-in extensions added) instead of keeping a copy of them.
"""

from __future__ import annotations

import copy
import functools
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import MarkdownExtensions, PathSpec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

LIX_KEY = "extra.content_check.lix_max"


class SettingsError(Exception):
    """mkdocs.yml cannot be used by the content checks; the message says why."""


@dataclass(frozen=True, eq=False)
class SiteSettings:
    config_file: Path
    extensions: tuple
    extension_configs: dict
    lix_max: float | None  # None when mkdocs.yml does not set it
    # The pages `nav` lists (None without a nav: MkDocs then lists every page),
    # and `not_in_nav`'s patterns, which may stay out of it.
    nav_pages: tuple[str, ...] | None = None  # in navigation order
    not_in_nav: Any = None

    def belongs_in_nav(self, rel: str) -> bool:
        """Whether the build would refuse the page ``rel`` for being left out of ``nav``."""
        if self.nav_pages is None or rel in self.nav_pages:
            return False
        return self.not_in_nav is None or not self.not_in_nav.match_file(rel)

    def require_lix_max(self) -> float:
        if self.lix_max is None:
            raise SettingsError(
                f"{self.config_file}: set the readability limit the content check uses, "
                f"'{LIX_KEY}', for example:\n"
                "extra:\n  content_check:\n    lix_max: 45"
            )
        return self.lix_max


def load_settings(config_file: Path) -> SiteSettings:
    """The settings in ``config_file``; the same object while the file is unchanged."""
    try:
        stat = config_file.stat()
    except OSError as exc:
        raise SettingsError(f"cannot read the site configuration {config_file}: {exc.strerror}") from None
    return _load(config_file.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(config_file: Path, mtime_ns: int, size: int) -> SiteSettings:
    try:
        with open(config_file, "rb") as handle:
            raw = yaml_load(handle)
    except ConfigurationError as exc:
        raise SettingsError(f"{config_file}: {exc}") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"{config_file}: not a MkDocs configuration")
    option = cast(MarkdownExtensions, copy.deepcopy(MkDocsConfig.markdown_extensions))
    try:
        extensions = option.validate(raw.get("markdown_extensions") or [])
    except ValidationError as exc:
        raise SettingsError(f"{config_file}: markdown_extensions: {exc}") from None
    return SiteSettings(
        config_file=config_file,
        extensions=tuple(extensions),
        extension_configs=dict(option.configdata),
        lix_max=_lix_max(config_file, raw),
        nav_pages=_nav_pages(raw.get("nav")),
        not_in_nav=_not_in_nav(config_file, raw.get("not_in_nav")),
    )


def _nav_pages(nav: object) -> tuple[str, ...] | None:
    """The .md files ``nav`` names, at any depth, in its order; links to addresses are not pages."""
    if nav is None:
        return None
    found: dict[str, None] = {}  # ordered, without repeats

    def walk(item: object) -> None:
        if isinstance(item, str):
            if item.endswith(".md") and "://" not in item:
                found[item.lstrip("/")] = None
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return tuple(found)


def _not_in_nav(config_file: Path, value: object) -> Any:
    # MkDocs' own option, so the patterns mean what they mean to the build.
    if not value:
        return None
    try:
        return PathSpec().validate(value)
    except ValidationError as exc:
        raise SettingsError(f"{config_file}: not_in_nav: {exc}") from None


def _lix_max(config_file: Path, raw: dict) -> float | None:
    extra = raw.get("extra") or {}
    section = extra.get("content_check") if isinstance(extra, dict) else None
    value = section.get("lix_max") if isinstance(section, dict) else None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value <= 0:
        raise SettingsError(f"{config_file}: '{LIX_KEY}' must be a positive number, not {value!r}")
    return float(value)
