"""A form's mistakes as the GOV.UK Design System shows them (its "Error summary" and "Error
message" components): a summary at the top, focused, that links to each field; each field's
own message, tied to it with aria-describedby and aria-invalid; "Error: " before the page's
title. The markup is in templates/forms/errors.html; pages build the list here."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.inbox.refusals import Refusal, Refused
from app.patient_pages.refusal_messages import refusal_message


@dataclass(frozen=True)
class FormError:
    field: str | None  # the id of the input to correct; None when the form as a whole is refused
    message: str


def from_refusal(refused: Refused | None, fields: dict[Refusal, str]) -> list[FormError]:
    """Every mistake of ``refused``, each at its field (``fields``: code → input id)."""
    if refused is None:
        return []
    return [FormError(fields.get(each.code), refusal_message(each)) for each in refused.every]


def title(page_title: str, errors: list[FormError]) -> str:
    return _("Error: %(title)s", title=page_title) if errors else page_title
