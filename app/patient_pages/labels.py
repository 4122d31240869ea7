"""The words for domain codes in the reader's language: item categories, and the
steps of an item's way to the patient."""

from flask_babel import lazy_gettext as _l

from app.dispatch.channels import Kind
from app.dispatch.models import Purpose, Status
from app.dispatch.queries import Step
from app.inbox.models import Category

_LABELS = {
    Category.LETTER: _l("Letter"),
    Category.MESSAGE: _l("Message"),
    Category.RESEARCH: _l("Health survey or research"),
    Category.FORM_RECEIPT: _l("Form receipt"),
}


def category_label(category: Category) -> str:
    return str(_LABELS[category])


# How an item reached the patient (app/dispatch/queries.trail), a line each.
_TRAIL = {
    (Kind.SMS, Status.SENT): _l("Notification sent by SMS %(when)s"),
    (Kind.SMS, Status.DELIVERED): _l("Notification by SMS delivered %(when)s"),
    (Kind.SMS, Status.PERMANENT_FAILURE): _l("A notification by SMS could not be delivered (%(when)s)"),
    (Kind.EMAIL, Status.SENT): _l("Notification sent by e-mail %(when)s"),
    (Kind.EMAIL, Status.PERMANENT_FAILURE): _l("A notification by e-mail could not be delivered (%(when)s)"),
    (Kind.DIGITAL_MAILBOX, Status.SENT): _l("Sent to your digital mailbox %(when)s"),
    (Kind.DIGITAL_MAILBOX, Status.DELIVERED): _l("Delivered to your digital mailbox %(when)s"),
    (Kind.DIGITAL_MAILBOX, Status.PERMANENT_FAILURE): _l(
        "Could not be delivered to your digital mailbox (%(when)s)"
    ),
    (Kind.POST, Status.SENT): _l("Sent by post %(when)s"),
    (Kind.POST, Status.PERMANENT_FAILURE): _l("Could not be sent by post (%(when)s)"),
}
_ESCALATED = _l("Not opened in the inbox in time, so sent by post %(when)s")


def trail_line(step: Step, when: str) -> str:
    if step.purpose is Purpose.ESCALATION and step.status is Status.SENT:
        return str(_ESCALATED) % {"when": when}
    return str(_TRAIL[step.channel, step.status]) % {"when": when}
