"""What notifications say, in the patient's language through the shared catalogs.

A notification carries no health information: not the subject, not the
sender's name (a clinic's name can say what someone is treated for), only that
something new has arrived, the kind of sender when all items share one, and
where to read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import LANGUAGES, translations
from app.organisations.models import OrganisationKind


def N_(text: str) -> str:  # noqa: N802 -- gettext's name for "extract, translate later"
    return text


_FROM_KIND = {
    OrganisationKind.HOSPITAL: N_("from a hospital"),
    OrganisationKind.GP: N_("from your GP"),
    OrganisationKind.MUNICIPAL_SERVICE: N_("from a municipal health service"),
    OrganisationKind.RESEARCH: N_("from a health survey or research project"),
}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def notification(language: str, sender_kinds: set[OrganisationKind], count: int, inbox_url: str) -> Text:
    lang = language if language in LANGUAGES else "nb"
    t = translations(lang)
    headline = t.ngettext(
        "You have %(num)d new letter or message in your inbox",
        "You have %(num)d new letters or messages in your inbox",
        count,
    ) % {"num": count}
    if len(sender_kinds) == 1:
        headline += " " + t.gettext(_FROM_KIND[next(iter(sender_kinds))])
    body = (
        headline
        + ".\n"
        + t.gettext(N_("Log in to read it: %(url)s")) % {"url": inbox_url}
        + "\n"
        + t.gettext(N_("This message was sent automatically; replies are not read."))
    )
    return Text(subject=t.gettext(N_("New in your health inbox")), body=body)
