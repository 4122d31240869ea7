"""Every page of the inbox the browser suite opens, and what a reader does on it first.

The paths come from the test database (tests/browser/inbox_data.py); a page that
shows a form's answer (a refusal with role=alert) is reached by filling in and
sending the form in the browser, as a reader does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.browser.inbox_data import PatientPages

#: The app each page is opened on.
INBOX = "inbox"  # demo data, development login
NO_LOGIN = "no-login"  # development login disabled: the inbox asks for a real login (401)
NO_DATABASE = "no-database"  # the database cannot be reached (503)

#: The form a page's content holds (the header's search is a form too, and every inbox
#: page has the sign-out form).
CONTENT_FORM = "article form[method=post]:not(.innboks-sign-out)"
LOGIN_PATH = "innboks/utvikler-innlogging/"


def log_in(page, base_url: str, lang: str, patient: str) -> None:
    """Through the development login page, as a reader does."""
    page.goto(f"{base_url}/{lang}/{LOGIN_PATH}")
    page.get_by_role("radio", name=patient).check()
    with page.expect_navigation():
        page.locator(CONTENT_FORM).locator("button[type=submit]").click()


def _send(page, fields: dict[str, str] | None = None, *, browser_checks: bool = True) -> None:
    form = page.locator(CONTENT_FORM)
    for name, value in (fields or {}).items():
        form.locator(f'[name="{name}"]').fill(value)
    if not browser_checks:
        # The server's own answer, as a browser that does not check `required` gets it.
        form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit]").click()


def send_late_reply_without_accepting_the_fee(page) -> None:
    _send(page, {"text": "Jeg er bortreist."}, browser_checks=False)


def send_blank_dialogue(page) -> None:
    _send(page, {"text": "   "})  # passes `required`; the server finds it empty


def send_blank_message(page) -> None:
    _send(page, {"subject": " ", "text": "   "})


def notify_by_neither(page) -> None:
    form = page.locator(CONTENT_FORM)
    form.locator("#notify-sms").uncheck()
    form.locator("#notify-email").uncheck()
    _send(page)


def log_in_without_choosing(page) -> None:
    page.locator(CONTENT_FORM).evaluate(
        "form => form.querySelectorAll('[type=radio]').forEach(radio => { radio.checked = false; })"
    )
    _send(page)


def send_blank_power(page) -> None:
    _send(page, {"national_id": ""}, browser_checks=False)


def follow_older(page) -> None:
    page.locator("a[rel=next]").click()


@dataclass(frozen=True)
class InboxView:
    name: str
    lang: str
    path: str  # on the app, e.g. /nb/innboks/12/
    status: int = 200  # of what the reader ends up on
    server: str = INBOX
    then: Callable[[object], None] | None = None  # what the reader does before the page is checked

    def __str__(self) -> str:
        return f"{self.path} ({self.name}, {self.status})"


def inbox_views(pages: PatientPages, lang: str) -> list[InboxView]:
    inbox = f"/{lang}/innboks/"
    views = [
        ("list", inbox, 200, None),
        ("list by category", f"{inbox}?category=letter", 200, None),
        ("list, second page", inbox, 200, follow_older),
        ("appointment letter with reply button and attachment", f"{inbox}{pages.letter}/", 200, None),
        ("appointment letter, appointment passed", f"{inbox}{pages.past_letter}/", 200, None),
        ("appointment letter of a dialogue hospital", f"{inbox}{pages.dialogue_letter}/", 200, None),
        ("message in a conversation", f"{inbox}{pages.conversation}/", 200, None),
        ("survey message, read-only", f"{inbox}{pages.read_only}/", 200, None),
        ("own message, answer expected", f"{inbox}{pages.unanswered}/", 200, None),
        ("reply form", f"{inbox}{pages.letter}/svar/", 200, None),
        ("reply form, late", f"{inbox}{pages.late_letter}/svar/", 200, None),
        (
            "reply form, late, fee not accepted",
            f"{inbox}{pages.late_letter}/svar/",
            422,
            send_late_reply_without_accepting_the_fee,
        ),
        ("reply form of a dialogue hospital", f"{inbox}{pages.dialogue_letter}/svar/", 409, None),
        ("appointments", f"{inbox}timeavtaler/", 200, None),
        ("appointment, dialogue form", f"{inbox}timeavtaler/{pages.dialogue_appointment}/", 200, None),
        (
            "appointment, dialogue sent empty",
            f"{inbox}timeavtaler/{pages.dialogue_appointment}/",
            422,
            send_blank_dialogue,
        ),
        (
            "appointment, reply button hospital",
            f"{inbox}timeavtaler/{pages.reply_button_appointment}/",
            200,
            None,
        ),
        ("new message", f"{inbox}ny-melding/", 200, None),
        ("new message sent empty", f"{inbox}ny-melding/", 422, send_blank_message),
        ("whose inbox", f"{inbox}velg/", 200, None),
        ("powers of attorney", f"{inbox}fullmakter/", 200, None),
        ("power of attorney sent empty", f"{inbox}fullmakter/", 422, send_blank_power),
        ("access log", f"{inbox}logg/", 200, None),
        ("notifications", f"{inbox}varsler/", 200, None),
        ("notifications, neither SMS nor e-mail", f"{inbox}varsler/", 422, notify_by_neither),
        ("development login", f"/{lang}/{LOGIN_PATH}", 200, None),
        ("development login, nobody chosen", f"/{lang}/{LOGIN_PATH}", 400, log_in_without_choosing),
        ("unknown category", f"{inbox}?category=x", 400, None),
        ("unknown item", f"{inbox}999999/", 404, None),
        ("unknown address in the inbox", f"{inbox}finnes-ikke/", 404, None),
    ]
    found = [InboxView(name, lang, path, status, then=then) for name, path, status, then in views]
    found.append(InboxView("not logged in", lang, inbox, 401, server=NO_LOGIN))
    found.append(InboxView("database unreachable", lang, inbox, 503, server=NO_DATABASE))
    return found
