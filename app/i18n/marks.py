"""Every string on an app page marked with the language it is really in (WCAG 2.2 SC 3.1.2).

A Sámi page shows Norwegian wherever the se catalog has no translation yet, and Babel
formats a date in Sámi even inside a Norwegian sentence. The strings come from many
places (templates, views, form errors, labels), so they are marked where they are
made, not where they are shown: on a page whose language falls back, each catalog
string is wrapped in invisible marks that name its language, and each date carries
its text in every language of the page's chain. When the page is complete,
:func:`apply` turns the marks into ``lang`` attributes where the text is shown, picks
each date's text in the language of the sentence around it, and drops the marks where
HTML cannot carry a language (attributes, ``<title>``, scripts).

The marks are private-use characters with a per-process nonce, so text a patient or
a hospital wrote cannot forge one: a lone U+E000 in a letter stays as it is.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping

from babel.support import NullTranslations

from app.i18n import DEFAULT_LANGUAGE, FALLBACK_CHAIN, text_language, translations

_NONCE = secrets.token_hex(6)
_OPEN, _CLOSE = f"\ue000{_NONCE}", f"\ue002{_NONCE}"
_ALT_OPEN, _ALT_CLOSE = f"\ue003{_NONCE}", f"\ue005{_NONCE}"
_CODE_END, _ALT_NEXT = "\ue001", "\ue004"

#: A mark in text: a run's start (group 1 its language), its end, or a choice of texts.
_MARK = re.compile(
    rf"{_OPEN}([a-z]{{2,3}}(?:-[A-Za-z0-9]{{1,8}})*){_CODE_END}|{_CLOSE}|{_ALT_OPEN}(.*?){_ALT_CLOSE}",
    re.DOTALL,
)
#: What is not text: comments, tags, and elements whose content cannot hold a <span>.
_NOT_TEXT = re.compile(
    r"<!--.*?-->|<(script|style|title|textarea)\b[^>]*>.*?</\1\s*>|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base"}


def needs_marks(lang: str) -> bool:
    """Pages whose strings can fall back to another language's text (se to nb).
    nb and en pages are whole: `make check-catalogs` keeps nb complete."""
    return lang != DEFAULT_LANGUAGE and len(FALLBACK_CHAIN.get(lang, ())) > 2


def mark(text: str, lang: str) -> str:
    """``text`` marked as being in ``lang``."""
    return f"{_OPEN}{lang}{_CODE_END}{text}{_CLOSE}"


def choice(texts: Mapping[str, str]) -> str:
    """One of ``texts`` (language to text): the one in the language of the sentence around it."""
    return _ALT_OPEN + _ALT_NEXT.join(f"{code}{_CODE_END}{text}" for code, text in texts.items()) + _ALT_CLOSE


def in_every_language(lang: str, render: Callable[[str], str]) -> str:
    """``render(code)`` for each language of ``lang``'s chain a page can show, as a choice;
    plain ``render(lang)`` where nothing falls back."""
    if not needs_marks(lang):
        return render(lang)
    return choice({code: render(code) for code in FALLBACK_CHAIN[lang] if code != "en"})


class MarkingTranslations(NullTranslations):
    """The page language's catalogs (with their fallbacks), each string marked with the
    language it was found in."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang, self.catalog = lang, translations(lang)

    def gettext(self, message: str) -> str:
        return mark(self.catalog.gettext(message), text_language(message, self.lang))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return mark(self.catalog.ngettext(msgid1, msgid2, n), text_language((msgid1, 0), self.lang))

    def pgettext(self, context: str, message: str) -> str:
        # gettext keys a string with a context as "context\x04message".
        text = str(self.catalog.pgettext(context, message))
        return mark(text, text_language(f"{context}\x04{message}", self.lang))

    ugettext = gettext
    ungettext = ngettext


def _pick(alternatives: str, lang: str) -> str:
    texts = dict(part.split(_CODE_END, 1) for part in alternatives.split(_ALT_NEXT))
    return texts.get(lang) or next(iter(texts.values()))


def has_marks(text: str) -> bool:
    return _OPEN in text or _ALT_OPEN in text


def strip(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """``text`` without its marks (each choice in ``lang``): for where no language can be marked."""
    return _MARK.sub(lambda m: _pick(m.group(2), lang) if m.group(2) is not None else "", text)


def apply(html: str, page_lang: str) -> str:
    """``html`` with its marks made ``lang`` attributes (or dropped where none can go)."""
    if not has_marks(html):
        return html
    out: list[str] = []
    stack = [page_lang]  # the language of the text at this point
    opened: list[tuple[int, str]] = []  # per open run: where its opening went in `out`, its language
    position = 0
    # Where the next mark starts: text and tags before it are copied as they are (most of a
    # page is the site's chrome, which has none).
    next_mark = _next_mark(html, 0)
    for token in [*_NOT_TEXT.finditer(html), None]:
        start, end = (token.start(), token.end()) if token else (len(html), len(html))
        if end <= next_mark:
            out.append(html[position:end])
            position = end
            continue
        text, cursor = html[position:start], 0
        for m in _MARK.finditer(text):
            out.append(text[cursor : m.start()])
            cursor = m.end()
            if m.group(1) is not None:  # a run opens
                code = m.group(1)
                opened.append((len(out), code))
                out.append("" if code == stack[-1] else f'<span lang="{code}">')
                stack.append(code)
            elif m.group(2) is not None:
                out.append(_pick(m.group(2), stack[-1]))
            elif opened:  # a run closes
                at = opened.pop()[0]
                stack.pop()
                out.append("</span>" if out[at] else "")
        out.append(text[cursor:])
        out.append(strip(html[start:end], stack[-1]))
        position = end
        next_mark = _next_mark(html, end)
    return _lift_whole_element_spans("".join(out))


#: The first character of every mark (a run's start or end, a choice).
_MARK_START = re.compile(f"[{_OPEN[0]}{_CLOSE[0]}{_ALT_OPEN[0]}]")


def _next_mark(html: str, position: int) -> int:
    found = _MARK_START.search(html, position)
    return found.start() if found else len(html) + 1


#: A start tag, then a span that holds all of the element's text, then its end tag.
_WHOLE = re.compile(r'<([a-zA-Z][a-zA-Z0-9-]*)\b([^<>]*?)><span lang="([^"]+)">([^<]*)</span></\1\s*>')


def _lift_whole_element_spans(html: str) -> str:
    """``<option><span lang=nb>Brev</span></option>`` is ``<option lang=nb>Brev</option>``:
    one element less, and the only way for elements that hold text only."""

    def lift(m: re.Match) -> str:
        tag, attributes, code, text = m.groups()
        if tag.lower() in _VOID or attributes.rstrip().endswith("/") or re.search(r"\slang=", attributes):
            return m.group(0)
        return f'<{tag}{attributes} lang="{code}">{text}</{tag}>'

    html = _WHOLE.sub(lift, html)
    # What is left in text-only elements cannot stay: the parser would drop the tags.
    return re.sub(
        r"(<(option|textarea)\b[^>]*>)(.*?)(</\2\s*>)",
        lambda m: m.group(1) + re.sub(r"</?span\b[^>]*>", "", m.group(3)) + m.group(4),
        html,
        flags=re.DOTALL | re.IGNORECASE,
    )
