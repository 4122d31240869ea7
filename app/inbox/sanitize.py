"""Letters that arrive as HTML are cleaned with nh3 (ammonia) before they are stored.

What survives is text structure only: no scripts, styles, forms, images or
event handlers; links keep their address and open with rel="noopener noreferrer".
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang"},
}


#: How deep elements may nest in a letter. Real letters nest a few levels; the parser's work
#: grows with the square of the depth (100,000 characters of <div> took 3 s of CPU).
MAX_NESTING = 100

_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
#: Elements that hold no others, and ones the next of their kind closes (<p>, <li>, <td>, ...):
#: neither makes the tree deeper.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dd",
        "dt",
        "option",
        "optgroup",
        "rp",
        "rt",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "colgroup",
    ]
)


class TooDeep(ValueError):
    """The HTML nests elements deeper than MAX_NESTING."""


def nesting_depth(html: str, stop_above: int = MAX_NESTING) -> int:
    """How deep the start tags of ``html`` nest, as a parser would build them (an end tag closes
    its element and the ones opened inside it; a stray one closes nothing); counting stops once
    past ``stop_above``, so the work is bounded by the input's length."""
    open_elements: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name in _FLAT:
            continue
        if not match.group(1):
            open_elements.append(name)
            deepest = max(deepest, len(open_elements))
            if deepest > stop_above:
                break
        elif name in open_elements:
            del open_elements[len(open_elements) - 1 - open_elements[::-1].index(name) :]
    return deepest


def clean_html(html: str) -> str:
    """``html`` with only text structure and links kept; raises :class:`TooDeep` for HTML nested
    deeper than MAX_NESTING, which no letter needs and which would cost seconds to clean."""
    if nesting_depth(html) > MAX_NESTING:
        raise TooDeep(MAX_NESTING)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
