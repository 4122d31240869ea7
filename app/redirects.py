"""The one check for an address we redirect to that came from outside: a ``next`` or
return address in a link or a form. Only a path on this site passes; anything a
browser could read as another host or scheme falls back to a known page.

Browsers are lenient where a naive check is not: they drop tabs and newlines
(``/<TAB>/evil.example`` becomes ``//evil.example``), read ``\\`` as ``/`` and
follow ``//host`` to another host, so those are refused as well as anything with
a scheme or a host. A percent-encoded slash or backslash at the start is refused
too, in case something on the way decodes it once before a browser sees it.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

#: Longer return addresses are not ours (our longest paths are well under this).
MAX_LENGTH = 2000


def safe_local_path(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback``."""
    if not target or len(target) > MAX_LENGTH or not target.startswith("/"):
        return fallback
    # Control characters and whitespace: browsers strip some of them before parsing.
    if any(_unsafe(char) for char in target) or "\\" in target or target.startswith("//"):
        return fallback
    # What follows the first slash once decoded ("/%2F/host", "/%5Chost", "/%09/host").
    second = unquote(target)[1:2]
    if second in ("/", "\\") or (second and _unsafe(second)):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def _unsafe(char: str) -> bool:
    return ord(char) < 0x21 or ord(char) == 0x7F
