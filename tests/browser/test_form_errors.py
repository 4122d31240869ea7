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
        ("late reply", ["#accept-fee"]),
        ("velg/", ["#whose-{me}"]),
    ],
)
def test_an_empty_form_gets_a_focused_summary_that_links_to_each_field(
    page, inbox_url, inbox_database_url, path, fields
):
    ids = patient_pages(inbox_database_url, LOOKS)
    path = {
        "dialogue": f"timeavtaler/{ids.dialogue_appointment}/",
        "late reply": f"{ids.late_letter}/svar/",
    }.get(path, path)
    log_in(page, inbox_url, "nb", LOOKS)
    page.goto(f"{inbox_url}/nb/innboks/{path}")
    form = page.locator(CONTENT_FORM)
    # Empty, for the notifications, is neither box ticked (both are, until the patient chooses);
    # for whose inbox to open, no one chosen (the patient's own is, until they choose).
    for box in form.locator("input[type=checkbox]").all():
        box.uncheck()
    form.evaluate(
        "form => { form.noValidate = true;"
        " form.querySelectorAll('[type=radio]').forEach(r => { r.checked = false; }); }"
    )
    me = form.locator("input[type=radio]").first.get_attribute("id") if "#whose-{me}" in fields else None
    fields = [f"#{me}" if field == "#whose-{me}" else field for field in fields]
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
