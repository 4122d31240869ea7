"""What the content checks need to know about one page, read in one pass.

The body is rendered by Python-Markdown with the build's extensions, so the
headings, anchors, links and images are exactly those of the published page
(a ``#`` inside a code block is no heading; an anchor is the id the build's
``toc`` gives the heading). Python-Markdown does not keep source positions,
so each element is then found in the Markdown text, in document order, to
tell the editor its line.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from app.helpsite.content_check.readability import Lix, has_words, lix
from app.helpsite.content_check.site_settings import SiteSettings
from app.helpsite.content_check.sources import Source


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    line: int


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    line: int


@dataclass(frozen=True)
class PageFacts:
    headings: tuple[Heading, ...]
    anchors: frozenset[str]  # every id on the page a link's #fragment can point at
    links: tuple[Link, ...]
    images: tuple[Image, ...]
    prose: tuple[str, ...]  # the text a reader reads, block by block
    body_line: int

    @functools.cached_property
    def readability(self) -> Lix:
        # `make check` and the translation status page ask for it; the build's gate does not.
        return lix(self.prose)

    @property
    def has_words(self) -> bool:
        return has_words(self.prose)


_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Text that is not prose: code, and what the reader never sees.
_NOT_PROSE = {"pre", "code", "script", "style", "kbd", "samp"}
# Elements whose end ends a sentence for LIX even without a full stop.
_BLOCKS = {
    "p",
    "li",
    "td",
    "th",
    "dt",
    "dd",
    "caption",
    "figcaption",
    "blockquote",
    "div",
    "section",
    "details",
    "summary",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    *_HEADINGS,
}


class Rendered:
    """The elements of one rendered page in document order, and its prose in blocks.

    Plain data, so a build process can send what it rendered to the content check.
    """

    def __init__(self):
        self.headings: list[tuple[int, str, str]] = []
        self.anchors: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self.images: list[tuple[str, str]] = []
        self.blocks: list[str] = []
        self._text: list[str] = []

    def prose(self, text: str) -> None:
        self._text.append(text)

    def end_block(self) -> None:
        if self._text:
            self.blocks.append("".join(self._text))
            self._text = []


#: Where the collector sits among the tree processors: after Python-Markdown's
#: ``unescape`` (priority 0, registered before any extension), so text is final,
#: and before MkDocs' ``relpath`` (priority 0, registered after the extensions),
#: so a link is what the editor wrote, not the address MkDocs makes of it. The
#: content check and the build both read pages through this one collector.
_COLLECTOR_PRIORITY = 0


class _Collector(Treeprocessor):
    """Records the finished tree: ids, headings, links, images and prose."""

    events: Rendered

    def __init__(self, md: markdown.Markdown, extension: FactsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self.events = self.extension.last = events = Rendered()
        # Inline HTML is stashed tag by tag ("<a href=..>", text, "</a>"): one
        # parser reads all of a page's HTML, with the text between, in order.
        self.raw = _RawHtml(events)
        self._walk(root, events, prose=True)
        events.end_block()

    def _walk(self, el: etree.Element, events: Rendered, prose: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if anchor := el.get("id"):
            events.anchors.add(anchor)
        if tag == "a" and (name := el.get("name")):
            events.anchors.add(name)
        if tag in _HEADINGS:
            events.headings.append((_HEADINGS[tag], self._text_of(el), el.get("id", "")))
        elif tag == "a" and (href := el.get("href")) is not None:
            events.links.append((href, self._text_of(el)))
        elif tag == "img":
            events.images.append((el.get("src", ""), el.get("alt", "")))
        prose = prose and tag not in _NOT_PROSE
        block = tag in _BLOCKS
        if block:
            events.end_block()
        self._text(el.text, events, prose)
        for child in el:
            self._walk(child, events, prose)
            self._text(child.tail, events, prose)
        if block:
            events.end_block()

    def _text(self, text: str | None, events: Rendered, prose: bool) -> None:
        if not text:
            return
        position = 0
        for match in HTML_PLACEHOLDER_RE.finditer(text):
            self._plain(text[position : match.start()], events, prose)
            stashed = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            if isinstance(stashed, etree.Element):
                self._walk(stashed, events, prose)
            else:
                self.raw.prose = prose
                self.raw.feed(stashed)
            position = match.end()
        self._plain(text[position:], events, prose)

    def _plain(self, text: str, events: Rendered, prose: bool) -> None:
        if prose:
            events.prose(text)
        self.raw.inside(text)

    def _text_of(self, el: etree.Element) -> str:
        """What a reader (or a screen reader) gets as the element's text; an image gives its alt."""
        parts: list[str] = []
        self._gather(el, parts)
        return " ".join("".join(parts).split())

    def _gather(self, el: etree.Element, parts: list[str]) -> None:
        if el.tag == "img":
            parts.append(el.get("alt", ""))
        if el.text:
            parts.append(self._stash_text(el.text))
        for child in el:
            self._gather(child, parts)
            if child.tail:
                parts.append(self._stash_text(child.tail))

    def _stash_text(self, text: str) -> str:
        def plain(match):
            stashed = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            if isinstance(stashed, etree.Element):
                return "".join(stashed.itertext())
            return re.sub(r"<[^>]*>", "", stashed)

        return HTML_PLACEHOLDER_RE.sub(plain, text)


class _RawHtml(HTMLParser):
    """HTML an editor wrote into the Markdown: its links, images, ids and text."""

    def __init__(self, events: Rendered):
        super().__init__(convert_charrefs=True)
        self.events, self.prose = events, True
        self.skipping = 0
        self.open: list[tuple[str, dict, list[str]]] = []  # a and h1-h6 being read

    def inside(self, text: str) -> None:
        """Markdown text between an HTML start tag and its end tag."""
        for _, _, parts in self.open:
            parts.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if attrs.get("id"):
            self.events.anchors.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.events.anchors.add(attrs["name"])
        if tag == "img":
            self.events.images.append((attrs.get("src", ""), attrs.get("alt", "")))
            for _, _, text in self.open:
                text.append(attrs.get("alt", ""))
        elif tag in _HEADINGS or (tag == "a" and "href" in attrs):
            self.open.append((tag, attrs, []))
        if tag in _NOT_PROSE:
            self.skipping += 1
        if tag in _BLOCKS:
            self.events.end_block()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag != "img":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _NOT_PROSE and self.skipping:
            self.skipping -= 1
        if tag in _BLOCKS:
            self.events.end_block()
        for index in range(len(self.open) - 1, -1, -1):
            name, attrs, text = self.open[index]
            if name != tag:
                continue
            del self.open[index]
            content = " ".join("".join(text).split())
            if tag == "a":
                self.events.links.append((attrs["href"], content))
            else:
                self.events.headings.append((_HEADINGS[tag], content, attrs.get("id", "")))
            break

    def handle_data(self, data):
        for _, _, text in self.open:
            text.append(data)
        if self.prose and not self.skipping:
            self.events.prose(data)


class FactsExtension(Extension):
    """Records what the content check needs of every page a Markdown instance renders.

    The site build adds it to MkDocs' extensions, so the check reads the
    build's own rendering instead of rendering every page a second time.
    """

    def __init__(self) -> None:
        super().__init__()
        self.collector: _Collector | None = None
        #: What the last page rendered holds; None where it had nothing to render (Markdown
        #: skips the tree processors of a blank page) or before the first page.
        self.last: Rendered | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.collector = _Collector(md, self)
        md.treeprocessors.register(self.collector, "innboks-content-check", _COLLECTOR_PRIORITY)

    def rendered(self) -> Rendered:
        """What the last page rendered with this extension holds."""
        assert self.last is not None, "a page was rendered with this extension"
        return self.last


class PageReader:
    """Reads pages with one Markdown instance built from the site's settings."""

    def __init__(self, settings: SiteSettings):
        self.settings = settings
        self.extension = FactsExtension()
        self.md = markdown.Markdown(
            extensions=[*settings.extensions, self.extension],
            extension_configs=settings.extension_configs,
        )

    def facts(self, source: Source) -> PageFacts:
        return facts_of(self._render(source.body), source)

    def _render(self, body: str) -> Rendered:
        """Markdown.convert() up to the finished tree: the HTML text itself is not needed."""
        md = self.md
        md.reset()
        if not body.strip():
            return Rendered()
        lines = body.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        assert root is not None  # parseDocument always makes a root element
        for treeprocessor in md.treeprocessors:
            root = treeprocessor.run(root) or root
        return self.extension.rendered()


def facts_of(events: Rendered, source: Source) -> PageFacts:
    """The facts of a page rendered from ``source``, each element with its line in the source."""
    where = _Locator(source.body, source.body_line)
    return PageFacts(
        headings=tuple(
            Heading(level, text, anchor, line)
            for (level, text, anchor), line in zip(
                events.headings, where.headings(events.headings), strict=True
            )
        ),
        anchors=frozenset(events.anchors),
        links=tuple(Link(href, text, where.url(href, "link")) for href, text in events.links),
        images=tuple(Image(src, alt, where.url(src, "image")) for src, alt in events.images),
        prose=tuple(events.blocks),
        body_line=source.body_line,
    )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(?:[ \t]*>)*[ \t]*(#{1,6})(?!#)(.*)$")
_SETEXT = re.compile(r"^(?:[ \t]*>)*[ \t]*(=+|-+)[ \t]*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


class _Locator:
    """Finds rendered elements in the Markdown source, in document order."""

    def __init__(self, body: str, first_line: int):
        self.body, self.first_line = body, first_line
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self.cursors = {"link": 0, "image": 0}

    def line_at(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self.line_starts, offset) - 1

    def url(self, url: str, kind: str) -> int:
        """The line of the next link (or image) to ``url``; the first one if none is left."""
        needle = url or "]()"
        cursor = self.cursors[kind]
        found = self.body.find(needle, cursor)
        if found < 0:
            found = self.body.find(needle)
        if found < 0:
            return self.line_at(cursor)
        self.cursors[kind] = found + len(needle)
        return self.line_at(found)

    def _heading_lines(self) -> list[tuple[int, int, str]]:
        """(line, level, raw text) of each line that may be a heading outside fenced code."""
        candidates = []
        fence = None
        previous = ""
        for index, line in enumerate(self.body.split("\n")):
            number = self.first_line + index
            opened = _FENCE.match(line)
            if fence:
                if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                    fence = None
                previous = ""
                continue
            if opened:
                fence = opened.group(1)
                previous = ""
                continue
            atx = _ATX.match(line)
            setext = _SETEXT.match(line)
            if atx:
                candidates.append((number, len(atx.group(1)), atx.group(2)))
            elif setext and previous.strip():
                candidates.append((number - 1, 1 if setext.group(1)[0] == "=" else 2, previous))
            for html in _HTML_HEADING.finditer(line):
                candidates.append((number, int(html.group(1)), line[html.end() :]))
            previous = line
        return candidates

    def headings(self, headings: list[tuple[int, str, str]]) -> list[int]:
        candidates = self._heading_lines() if headings else []
        lines, cursor, last = [], 0, self.first_line
        for level, text, _ in headings:
            wanted = _letters(text)
            rest = candidates[cursor:]
            match = next(
                (
                    i
                    for i, (_, lvl, raw) in enumerate(rest)
                    if lvl == level and _is_subsequence(wanted, _letters(raw))
                ),
                None,
            )
            if match is None:
                match = next((i for i, (_, lvl, _) in enumerate(rest) if lvl == level), None)
            if match is not None:
                last = rest[match][0]
                cursor += match + 1
            lines.append(last)
        return lines
