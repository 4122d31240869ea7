"""Why the inbox refuses what a patient wrote, as codes the pages turn into words.

The rules (app/appointments/rules.py, app/municipal/rules.py, and the modules
beside this one) raise :class:`Refused` before anything is stored; a page
shows the code's message in the reader's language and keeps what they wrote.
"""

from __future__ import annotations

import enum


class Refusal(enum.StrEnum):
    EMPTY_MESSAGE = "empty_message"
    MESSAGE_TOO_LONG = "message_too_long"
    EMPTY_SUBJECT = "empty_subject"
    SUBJECT_TOO_LONG = "subject_too_long"
    NOT_AN_APPOINTMENT_LETTER = "not_an_appointment_letter"
    USE_DIALOGUE = "use_dialogue"
    ALREADY_REPLIED = "already_replied"
    APPOINTMENT_PASSED = "appointment_passed"
    LATE_NOT_ACCEPTED = "late_not_accepted"
    USE_REPLY_BUTTON = "use_reply_button"
    DIALOGUE_EXISTS = "dialogue_exists"
    SERVICE_NOT_OPEN_TO_YOU = "service_not_open_to_you"


#: The HTTP status of a page that shows the refusal: 422 for what the patient
#: can correct in the form, 409 for a state of things they cannot change.
STATUS = {
    Refusal.EMPTY_MESSAGE: 422,
    Refusal.MESSAGE_TOO_LONG: 422,
    Refusal.EMPTY_SUBJECT: 422,
    Refusal.SUBJECT_TOO_LONG: 422,
    Refusal.LATE_NOT_ACCEPTED: 422,
    Refusal.NOT_AN_APPOINTMENT_LETTER: 400,
    Refusal.USE_DIALOGUE: 409,
    Refusal.ALREADY_REPLIED: 409,
    Refusal.APPOINTMENT_PASSED: 409,
    Refusal.USE_REPLY_BUTTON: 409,
    Refusal.DIALOGUE_EXISTS: 409,
    Refusal.SERVICE_NOT_OPEN_TO_YOU: 403,
}

#: Refusals the patient can put right in the same form.
FORM_MISTAKES = frozenset(
    {
        Refusal.EMPTY_MESSAGE,
        Refusal.MESSAGE_TOO_LONG,
        Refusal.EMPTY_SUBJECT,
        Refusal.SUBJECT_TOO_LONG,
        Refusal.LATE_NOT_ACCEPTED,
    }
)


class Refused(Exception):
    def __init__(self, code: Refusal, limit: int | None = None, *, also: list[Refused] | None = None) -> None:
        super().__init__(code.value)
        self.code = code
        self.limit = limit  # the length limit, for MESSAGE_TOO_LONG
        # The other mistakes found in the same form, so the page can name every one at once.
        self.also = also or []

    @property
    def every(self) -> list[Refused]:
        return [self, *self.also]

    @property
    def status(self) -> int:
        return STATUS[self.code]

    @property
    def correctable(self) -> bool:
        return self.code in FORM_MISTAKES


#: Control characters no keyboard types (all but tab, LF and CR); PostgreSQL cannot store NUL.
_UNTYPABLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def patient_text(
    value: str | None,
    limit: int,
    *,
    required: bool,
    empty: Refusal = Refusal.EMPTY_MESSAGE,
    too_long: Refusal = Refusal.MESSAGE_TOO_LONG,
) -> str:
    """What the patient typed, trimmed and without control characters; refused when empty (if
    required) or too long, with the codes of the field it was typed in."""
    value = (value or "").translate(_UNTYPABLE).strip()
    if required and not value:
        raise Refused(empty)
    if len(value) > limit:
        raise Refused(too_long, limit)
    return value


def all_or_refused(*checks):
    """The values of ``checks`` (functions that may raise Refused), or one Refused naming
    every mistake, so a form is corrected in one go."""
    values, refusals = [], []
    for check in checks:
        try:
            values.append(check())
        except Refused as refused:
            refusals.append(refused)
    if refusals:
        first, *rest = refusals
        raise Refused(first.code, first.limit, also=rest)
    return values
