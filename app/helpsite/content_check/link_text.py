"""Link texts that say nothing out of context.

Screen-reader users often move from link to link, or list a page's links,
so each link's own text must say where it goes (WCAG 2.4.4). The texts are
checked in every language: an untranslated "les mer" in an English page is
as empty as "read more".
"""

from __future__ import annotations

import re

#: Whole link texts (compared without case, spaces and punctuation around
#: them) that tell a reader nothing about the link's target. Add new ones here.
VAGUE_LINK_TEXTS = {
    "nb": (
        "her",
        "klikk her",
        "trykk her",
        "les mer",
        "les mer her",
        "mer",
        "mer info",
        "mer informasjon",
        "lenke",
        "denne lenken",
        "link",
        "se her",
        "gå hit",
        "dette",
    ),
    "en": (
        "here",
        "click here",
        "click",
        "tap here",
        "read more",
        "more",
        "more info",
        "more information",
        "learn more",
        "link",
        "this link",
        "this",
        "see here",
        "go",
    ),
    "se": (
        "dáppe",
        "deike",
        "loga eambbo",
        "eambbo",
        "eanet",
        "eanet dieđut",
        "coahkkal dáppe",
        "coahkkal deike",
        "liŋka",
        "dát liŋka",
    ),
}

_ALL = frozenset(text for texts in VAGUE_LINK_TEXTS.values() for text in texts)
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def normalise(text: str) -> str:
    return _EDGES.sub("", " ".join(text.lower().split()))


def is_vague(text: str) -> bool:
    """True when the text, taken alone, does not say where the link goes."""
    return normalise(text) in _ALL
