"""Material's search index, reading the pages' HTML faster.

Material's search plugin feeds each page's HTML to its ``Parser``, a subclass
of Python's ``HTMLParser``, and half of that time went to ``HTMLParser`` taking
the text apart: a tenth of a build. What Python-Markdown writes is regular (tags
with double-quoted attributes, text with its ``&``, ``<`` and ``>`` escaped), so
``feed`` reads it with two regular expressions and gives Material's ``Parser``
the same calls ``HTMLParser`` would have made, in the same order. Any page with
something else in it (a script, a comment, a bare ``<``, an attribute in single
quotes: raw HTML an editor wrote) goes to ``HTMLParser`` as before. The index is
Material's own: its sections, titles and text are made by Material's code.
"""

from __future__ import annotations

import re
from html import unescape

from material.plugins.search.plugin import Parser, SearchIndex

#: A start or end tag as Python-Markdown writes it: a name, then attributes that are bare or
#: have a double-quoted value without < or >, then > or />.
_TAG = re.compile(
    r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*"[^"<>]*")?)*)\s*(/?)>'
)
_ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"<>]*)")?')
#: Whose content HTMLParser reads as raw text, not as tags and text.
_RAW_TEXT = frozenset({"script", "style"})

#: What ``HTMLParser`` would call: ("start", tag, attrs), ("end", tag) or ("data", text).
Event = tuple


def events(html: str) -> list[Event] | None:
    """The calls ``HTMLParser`` (with its default ``convert_charrefs``) makes for ``html``, or
    None when ``html`` holds anything but tags and text of the kind Python-Markdown writes."""
    found: list[Event] = []
    position = 0
    for match in _TAG.finditer(html):
        text = html[position : match.start()]
        if "<" in text:
            return None  # a < that is not one of these tags: a comment, a bare <, ...
        if text:
            found.append(("data", unescape(text)))
        closing, name, attributes, self_closing = match.groups()
        tag = name.lower()
        if tag in _RAW_TEXT:
            return None
        if closing:
            if attributes or self_closing:
                return None
            found.append(("end", tag))
        else:
            # As HTMLParser: a bare attribute's value is None, and "" stays "".
            attrs = [
                (m.group(1).lower(), m.group(2) and unescape(m.group(2)))
                for m in _ATTRIBUTE.finditer(attributes)
            ]
            found.append(("start", tag, attrs))
            if self_closing:
                found.append(("end", tag))
        position = match.end()
    rest = html[position:]
    if "<" in rest:
        return None
    if rest:
        found.append(("data", unescape(rest)))
    return found


def feed(parser: Parser, html: str) -> None:
    """``parser.feed(html)`` and ``parser.close()``, without ``HTMLParser``'s reading where
    ``html`` allows (see ``events``)."""
    calls = events(html)
    if calls is None:
        parser.feed(html)
        parser.close()
        return
    for call in calls:
        if call[0] == "data":
            parser.handle_data(call[1])
        elif call[0] == "start":
            parser.handle_starttag(call[1], call[2])
        else:
            parser.handle_endtag(call[1])


class MarkdownSearchIndex(SearchIndex):
    """Material's search index, its pages' HTML read by ``feed``."""

    def add_entry_from_context(self, page) -> None:
        # Material's SearchIndex.add_entry_from_context, but for the one call to feed.
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        parser = Parser()
        feed(parser, page.content)
        for section in parser.data:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)
