"""A parent in the browser: signs in, opens the inbox of their child, reads a letter, and
the child's own log says so."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.inbox_pages import CONTENT_FORM, log_in

PARENT = "Kari Nordmann"  # the demo families (app/representation/demo_families.py)
CHILD = "Nora Nordmann"  # under 12: her parent acts fully for her


def test_a_parent_reads_the_childs_letter_and_the_childs_log_shows_it(page, inbox_url):
    log_in(page, inbox_url, "nb", PARENT)
    page.goto(f"{inbox_url}/nb/innboks/velg/")
    page.get_by_role("radio", name=f"{CHILD} (forelder)").check()
    with page.expect_navigation():
        page.locator(CONTENT_FORM).locator("button[type=submit]").click()
    banner = page.locator(".innboks-acting-for")
    expect(banner).to_contain_text(f"Du er i innboksen til {CHILD}")

    letter = page.locator("table.innboks-items tbody th a").first
    subject = letter.inner_text()
    with page.expect_navigation():
        letter.click()
    expect(page.locator("h1")).to_have_text(subject)

    log_in(page, inbox_url, "nb", CHILD)
    page.goto(f"{inbox_url}/nb/innboks/logg/")
    expect(page.locator("ol.innboks-log li").first).to_contain_text(
        f"Forelderen din {PARENT} leste «{subject}»"
    )
