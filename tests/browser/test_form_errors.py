"""Each form sent with every field empty: the error summary has focus, links to each field,
and the page's title begins with "Error"/"Feil" (the GOV.UK Design System's pattern)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.inbox_data import LOOKS, patient_pages
from tests.browser.inbox_pages import CONTENT_FORM, log_in


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("ny-melding/", ["#message-subject", "#message-text"]),
        ("fullmakter/", ["#power-national-id"]),
        ("dialogue", ["#dialogue-text"]),
        ("varsler/", ["#notify-sms"]),
    ],
)
def test_an_empty_form_gets_a_focused_summary_that_links_to_each_field(
    page, inbox_url, inbox_database_url, path, fields
):
    if path == "dialogue":
        path = f"timeavtaler/{patient_pages(inbox_database_url, LOOKS).dialogue_appointment}/"
    log_in(page, inbox_url, "nb", LOOKS)
    page.goto(f"{inbox_url}/nb/innboks/{path}")
    form = page.locator(CONTENT_FORM)
    # Empty, for the notifications, is neither box ticked (both are, until the patient chooses).
    for box in form.locator("input[type=checkbox]").all():
        box.uncheck()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Feil: ")
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == fields
    links.first.click()
    expect(page.locator(fields[0])).to_be_focused()
    assert page.locator(fields[0]).get_attribute("aria-invalid") == "true"
