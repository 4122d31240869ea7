"""Who may send what into a patient's inbox, and in what form."""

from __future__ import annotations

import re
import unicodedata

from babel import Locale

from app.inbox.models import Category
from app.organisations.models import OrganisationKind

#: Letters come from hospitals; messages from the GP, municipal services and
#: hospitals; research and survey messages from research projects; anyone
#: who receives a form from a patient may acknowledge it.
CATEGORIES_BY_SENDER = {
    OrganisationKind.HOSPITAL: {Category.LETTER, Category.MESSAGE, Category.FORM_RECEIPT},
    OrganisationKind.GP: {Category.MESSAGE, Category.FORM_RECEIPT},
    OrganisationKind.MUNICIPAL_SERVICE: {Category.MESSAGE, Category.FORM_RECEIPT},
    OrganisationKind.RESEARCH: {Category.RESEARCH, Category.FORM_RECEIPT},
}

#: Attachments a sender may deliver, with the bytes every such file starts with.
ATTACHMENT_TYPES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "text/plain": (b"",),
}


def may_send(kind: OrganisationKind, category: Category) -> bool:
    return category in CATEGORIES_BY_SENDER[kind]


def attachment_matches_type(content_type: str, data: bytes) -> bool:
    return any(data.startswith(magic) for magic in ATTACHMENT_TYPES.get(content_type, ()))


#: Characters a file name shows and stores as a space: control characters (CR and LF split
#: a download's header), line and paragraph separators, and the bidirectional controls that
#: can show "gpj.exe" as "exe.jpg".
_NOT_IN_FILENAMES = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalised_filename(name: str) -> str:
    """An attachment's file name as it is stored and offered: NFC, no control characters
    (each becomes a space), no path (only what follows the last / or \\), spaces collapsed,
    no leading dots. Empty when nothing is left."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    name = " ".join(_NOT_IN_FILENAMES.sub(" ", name).split())
    return name.lstrip(". ")[:255]  # NFC can lengthen a name; the column holds 255


#: Messages from health surveys and research, and form receipts, cannot be answered.
READ_ONLY_CATEGORIES = frozenset({Category.RESEARCH, Category.FORM_RECEIPT})


def is_read_only(category: Category) -> bool:
    return category in READ_ONLY_CATEGORIES


#: A well-formed BCP 47 tag as senders write them: a language, then subtags (script, region,
#: variant), e.g. nb, nn, se, en-GB, sr-Latn. Private-use and grandfathered tags are not taken.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,6}\Z")
#: Languages CLDR has a name for (about 600, Northern, Lule and Southern Sámi among them):
#: a tag such as "xx" is a typing error, not a language.
_KNOWN_LANGUAGES = frozenset(str(code) for code in Locale("en").languages if "_" not in str(code))


def language_tag(text: str) -> str | None:
    """``text`` as a BCP 47 tag in its conventional case (``en-gb`` is ``en-GB``), or None when it
    is not a well-formed tag of a known language."""
    if not _LANGUAGE_TAG.match(text):
        return None
    primary, *subtags = text.split("-")
    if primary.lower() not in _KNOWN_LANGUAGES:
        return None
    parts = [primary.lower()]
    for subtag in subtags:
        if len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())  # script
        elif len(subtag) == 2 and subtag.isalpha():
            parts.append(subtag.upper())  # region
        else:
            parts.append(subtag.lower())
    return "-".join(parts)
