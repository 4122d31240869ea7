"""A keyboard user in the inbox: skip link, every control reachable with a visible
focus, and each thing a patient does there done with the keyboard alone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.appointments.models import AppointmentReply
from app.i18n import full_date
from app.inbox.models import Item, Thread
from app.municipal.working_days import expected_answer_date
from app.patients.models import Patient
from tests.browser.inbox_data import (
    LOOKS,
    REPLIES_LATE,
    STARTS_DIALOGUE,
    WRITES_TO_SERVICE,
    patient_pages,
    session_on,
)
from tests.browser.inbox_pages import CONTENT_FORM, LOGIN_PATH, log_in
from tests.browser.keyboard import (
    NOT_REACHED,
    TRACK_FOCUS,
    first_tab_to_the_skip_link,
    focus_indicator_problem,
    follow_by_keyboard,
    tab_through_page,
    tab_to,
)

CONTENT = "#innboks-main"


def log_in_by_keyboard(page, base_url: str, lang: str, patient: str) -> None:
    """The development login with the keyboard: Tab to the patients, arrow keys to one,
    Enter on the button."""
    page.goto(f"{base_url}/{lang}/{LOGIN_PATH}")
    form = page.locator(CONTENT_FORM)
    tab_to(page, form.locator("input[type=radio]:checked"))
    wanted = form.get_by_role("radio", name=patient)
    for _ in range(form.locator("input[type=radio]").count()):
        if wanted.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(wanted).to_be_checked()
    expect(wanted).to_be_focused()
    follow_by_keyboard(page, form.locator("button[type=submit]"), limit=3)


def _rows(database_url: str, query):
    with session_on(database_url) as session:
        return session.execute(query).all()


@pytest.mark.parametrize(("lang", "where"), [("nb", "list"), ("en", "letter"), ("se", "new message")])
def test_first_tab_reaches_the_skip_link_that_moves_into_the_inbox(
    page, inbox_url, inbox_database_url, lang, where
):
    pages = patient_pages(inbox_database_url, LOOKS)
    path = {"list": "", "letter": f"{pages.letter}/", "new message": "ny-melding/"}[where]
    log_in(page, inbox_url, lang, LOOKS)
    page.goto(f"{inbox_url}/{lang}/innboks/{path}")

    skip = first_tab_to_the_skip_link(page, lang)
    expect(skip).to_have_attribute("href", CONTENT)

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"{CONTENT}$"))
    expect(page.locator(CONTENT)).to_be_focused()
    # The next Tab reaches the inbox's first control, past header and navigation.
    page.keyboard.press("Tab")
    first = page.locator(CONTENT).locator("a[href], button, select, input:not([type=hidden]), textarea").first
    expect(first).to_be_focused()


@pytest.mark.parametrize(
    "where", ["list", "letter", "late reply", "appointments", "dialogue", "new message", "login", "not found"]
)
def test_every_inbox_control_is_reached_by_tab_and_shows_its_focus(
    page, inbox_url, inbox_database_url, where
):
    pages = patient_pages(inbox_database_url, LOOKS)
    path = {
        "list": "",
        "letter": f"{pages.letter}/",
        "late reply": f"{pages.late_letter}/svar/",
        "appointments": "timeavtaler/",
        "dialogue": f"timeavtaler/{pages.dialogue_appointment}/",
        "new message": "ny-melding/",
        "login": "utvikler-innlogging/",
        "not found": "999999/",
    }[where]
    log_in(page, inbox_url, "nb", LOOKS)
    page.goto(f"{inbox_url}/nb/innboks/{path}")
    page.evaluate(TRACK_FOCUS)

    stops = tab_through_page(page)

    problems = [problem for problem in map(focus_indicator_problem, stops) if problem]
    assert not problems, "\n".join(problems)
    not_reached = page.locator(CONTENT).evaluate(NOT_REACHED)
    assert not not_reached, f"never reached with Tab: {not_reached}"
    assert page.locator(CONTENT).locator("a[href], button, select, textarea").count() > 0


def test_filter_by_category_and_open_an_item_with_the_keyboard(page, inbox_url):
    log_in_by_keyboard(page, inbox_url, "nb", LOOKS)
    expect(page).to_have_url(f"{inbox_url}/nb/innboks/")
    category = page.locator("#filter-category")
    tab_to(page, category)
    for _ in range(6):  # the arrow keys change a closed select's choice
        if category.input_value() == "letter":
            break
        page.keyboard.press("ArrowDown")
    expect(category).to_have_value("letter")
    follow_by_keyboard(
        page, page.locator(CONTENT).locator("form.innboks-filters button[type=submit]"), limit=3
    )
    expect(page).to_have_url(re.compile(r"\?category=letter"))
    rows = page.locator("table.innboks-items tbody tr")
    expect(rows.first).to_be_visible()
    labels = {row.locator("td").nth(1).inner_text() for row in rows.all()}
    assert labels == {"Brev"}, labels

    first = rows.first.get_by_role("link")
    subject = first.inner_text()
    follow_by_keyboard(page, first)
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)


def test_late_reply_with_the_keyboard_needs_the_fee_checkbox(page, inbox_url, inbox_database_url):
    pages = patient_pages(inbox_database_url, REPLIES_LATE)
    log_in_by_keyboard(page, inbox_url, "en", REPLIES_LATE)
    page.goto(f"{inbox_url}/en/innboks/{pages.late_letter}/")
    reply = page.locator(".innboks-appointment a.md-button")
    follow_by_keyboard(page, reply)
    expect(page).to_have_url(f"{inbox_url}/en/innboks/{pages.late_letter}/svar/")

    form = page.locator(CONTENT_FORM)
    checkbox = form.locator("input[type=checkbox]")
    expect(page.locator(CONTENT).get_by_role("note")).to_be_visible()  # the warning about the fee
    tab_to(page, form.locator("textarea"))
    page.keyboard.type("I am away that week.")
    tab_to(page, form.locator("button[type=submit]"), limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Refused: the summary at the top has the focus and leads to the box not yet ticked;
    # what the reader wrote is still there.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.locator('a[href="#accept-fee"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(checkbox).to_be_focused()
    expect(form.locator("textarea")).to_have_value("I am away that week.")

    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    follow_by_keyboard(page, form.locator("button[type=submit]"), limit=3)
    expect(page).to_have_url(f"{inbox_url}/en/innboks/{pages.late_letter}/")
    expect(page.locator(".innboks-appointment .innboks-notice")).to_be_visible()
    replies = _rows(
        inbox_database_url,
        select(AppointmentReply.in_time, Item.body)
        .join(Item, Item.id == AppointmentReply.item_id)
        .where(Item.patient_id == select(Patient.id).where(Patient.name == REPLIES_LATE).scalar_subquery()),
    )
    assert replies == [(False, "I am away that week.")]


def test_start_a_dialogue_about_an_appointment_with_the_keyboard(page, inbox_url, inbox_database_url):
    pages = patient_pages(inbox_database_url, STARTS_DIALOGUE)
    log_in_by_keyboard(page, inbox_url, "se", STARTS_DIALOGUE)
    follow_by_keyboard(page, page.locator(CONTENT).locator(".innboks-actions a").first)  # Appointments
    expect(page).to_have_url(f"{inbox_url}/se/innboks/timeavtaler/")
    follow_by_keyboard(page, page.locator(f'a[href="/se/innboks/timeavtaler/{pages.dialogue_appointment}/"]'))

    form = page.locator(CONTENT_FORM)
    tab_to(page, form.locator("textarea"))
    page.keyboard.type("Kan timen flyttes til ettermiddagen?")
    follow_by_keyboard(page, form.locator("button[type=submit]"), limit=3)
    expect(page).to_have_url(re.compile(rf"{inbox_url}/se/innboks/\d+/$"))
    dialogues = _rows(
        inbox_database_url,
        select(Thread.appointment_id, Item.body, Item.from_patient)
        .join(Item, Item.thread_id == Thread.id)
        .where(Thread.appointment_id == pages.dialogue_appointment),
    )
    assert dialogues == [(pages.dialogue_appointment, "Kan timen flyttes til ettermiddagen?", True)]


def test_send_a_message_to_a_municipal_service_with_the_keyboard(page, inbox_url, inbox_database_url):
    log_in_by_keyboard(page, inbox_url, "nb", WRITES_TO_SERVICE)
    follow_by_keyboard(page, page.locator(CONTENT).locator(".innboks-actions a").nth(1))  # New message
    expect(page).to_have_url(f"{inbox_url}/nb/innboks/ny-melding/")

    form = page.locator(CONTENT_FORM)
    tab_to(page, form.locator("select"))
    service = form.locator("select option:checked").inner_text()
    page.keyboard.press("Tab")
    expect(form.locator('[name="subject"]')).to_be_focused()
    page.keyboard.type("Nøkkel til døra")
    page.keyboard.press("Tab")
    expect(form.locator("textarea")).to_be_focused()
    page.keyboard.type("Jeg har fått ny lås. Nøkkelen ligger hos naboen.")
    follow_by_keyboard(page, form.locator("button[type=submit]"), limit=3)
    sent_at = dt.datetime.now(dt.UTC)

    expect(page).to_have_url(re.compile(rf"{inbox_url}/nb/innboks/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøkkel til døra")
    expect(page.locator(CONTENT)).to_contain_text(full_date(expected_answer_date(sent_at), "nb"))
    sent = _rows(
        inbox_database_url, select(Item.subject, Item.from_patient).where(Item.subject == "Nøkkel til døra")
    )
    assert sent == [("Nøkkel til døra", True)]
    assert service  # the only service open to the patient was chosen
