"""What a patient is told, in their language, when the inbox refuses what they wrote."""
from flask_babel import lazy_gettext as _l

from app.inbox.writing import Refused

_MESSAGES = {
    "empty_message": _l("Write a message before you send it."),
    "message_too_long": _l("The text is too long. Shorten it to at most %(limit)s characters."),
    "not_an_appointment_letter": _l("You can only reply to an appointment letter."),
    "use_dialogue": _l("This hospital does not use the reply button. Open the appointment under "
                       "Appointments and start a dialogue there."),
    "already_replied": _l("You have already replied to this appointment."),
    "appointment_passed": _l("The appointment time has passed, so you can no longer reply."),
    "late_not_accepted": _l("The deadline has passed. Confirm that you understand that you may have to "
                            "pay the fee before you send the reply."),
    "use_reply_button": _l("For this hospital, use the reply button in the appointment letter."),
    "dialogue_exists": _l("You have already started a dialogue about this appointment."),
    "service_not_open_to_you": _l("You can only send messages to services you receive and that have "
                                  "opened for digital contact via Helsenorge."),
}


def refusal_message(refused: Refused) -> str:
    message = _MESSAGES[refused.code]
    return str(message) % {"limit": refused.limit} if refused.limit else str(message)
