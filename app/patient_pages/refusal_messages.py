"""What a patient is told, in their language, when the inbox refuses what they wrote."""

from flask_babel import lazy_gettext as _l

from app.inbox.refusals import Refusal, Refused

_MESSAGES = {
    Refusal.EMPTY_MESSAGE: _l("Write a message before you send it."),
    Refusal.MESSAGE_TOO_LONG: _l("The text is too long. Shorten it to at most %(limit)s characters."),
    Refusal.EMPTY_SUBJECT: _l("Write a subject for the message."),
    Refusal.SUBJECT_TOO_LONG: _l("The subject is too long. Shorten it to at most %(limit)s characters."),
    Refusal.NOT_AN_APPOINTMENT_LETTER: _l("You can only reply to an appointment letter."),
    Refusal.USE_DIALOGUE: _l(
        "This hospital does not use the reply button. Open the appointment under "
        "Appointments and start a dialogue there."
    ),
    Refusal.ALREADY_REPLIED: _l("You have already replied to this appointment."),
    Refusal.APPOINTMENT_PASSED: _l("The appointment time has passed, so you can no longer reply."),
    Refusal.LATE_NOT_ACCEPTED: _l(
        "The deadline has passed. Confirm that you understand that you may have to "
        "pay the fee before you send the reply."
    ),
    Refusal.USE_REPLY_BUTTON: _l("For this hospital, use the reply button in the appointment letter."),
    Refusal.DIALOGUE_EXISTS: _l("You have already started a dialogue about this appointment."),
    Refusal.SERVICE_NOT_OPEN_TO_YOU: _l(
        "You can only send messages to services you receive and that have "
        "opened for digital contact via Helsenorge."
    ),
}


def refusal_message(refused: Refused) -> str:
    message = _MESSAGES[refused.code]
    return str(message) % {"limit": refused.limit} if refused.limit else str(message)
