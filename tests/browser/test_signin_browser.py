"""Signing in and out in Chromium against the test provider (tests/oidc_provider.py), with
axe on the new pages (terms, sign-in refused, signed out, the session warning) and the
warning's button used from the keyboard while a reply is being written."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app import migrations
from tests import factories, oidc_provider
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.keyboard import tab_to
from tests.browser.live_server import serving
from tests.patient_pages.signin_helpers import register

KARI = oidc_provider.Person(pid="15058012359", name="Kari Nordmann")


@pytest.fixture(scope="module")
def provider():
    with oidc_provider.serving() as running:
        yield running


@pytest.fixture(scope="module")
def signin_server(built_site, provider, tmp_path_factory):
    """An app whose only way in is the provider. The warning comes a minute after a page
    loads (idle time 6 minutes, warning 5); the tests move the page's clock."""
    folder = tmp_path_factory.mktemp("signin")
    database_url = f"sqlite:///{folder / 'innboks.sqlite3'}"
    migrations.upgrade(database_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider is on loopback
        settings = register(provider, "", "private_key_jwt", folder)
        with serving(
            built_site,
            INNBOKS_ENV="test",
            SECRET_KEY="browser-tests-signin",
            DATABASE_URL=database_url,
            SESSION_IDLE_MINUTES=6,
            SESSION_WARNING_MINUTES=5,
            **settings,
        ) as url:
            client = provider.clients[settings["OIDC_CLIENT_ID"]]
            client.redirect_uris = [f"{url}/{lang}/innboks/logg-inn/svar" for lang in ("nb", "en", "se")]
            yield url


def no_axe_violations(page, axe, where: str) -> None:
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        result = axe(page)
        assert not result.violations, f"{where} at {viewport['width']}px: {result.violations}"
    page.set_viewport_size(DESKTOP)


def test_sign_in_accept_the_terms_and_stay_signed_in(page, signin_server, provider, axe):
    provider.fault, provider.person = None, KARI
    page.goto(f"{signin_server}/nb/innboks/ny-melding/")
    expect(page.locator("h1")).to_have_text("Vilkår for bruk av innboksen")
    no_axe_violations(page, axe, "terms")
    page.get_by_role("button", name="Jeg godtar vilkårene").click()
    page.wait_for_url(f"{signin_server}/nb/innboks/ny-melding/")
    expect(page.locator(".innboks-signed-in")).to_contain_text("Logget inn som Kari Nordmann")

    # A minute on (the page's clock), the warning appears as an alert; what the patient has
    # filled in stays, and the focus goes back there.
    page.clock.install()
    page.goto(f"{signin_server}/nb/innboks/")
    choice = page.locator("#filter-category")
    choice.select_option(index=1)
    chosen = choice.input_value()
    choice.focus()
    warning = page.locator("#innboks-session-warning")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:01")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("role", "alert")
    no_axe_violations(page, axe, "session warning")
    stay = warning.get_by_role("button", name="Forbli innlogget")
    tab_to(page, stay, limit=80)
    with page.expect_response(lambda r: r.url.endswith("/nb/innboks/okt/")) as renewed:
        page.keyboard.press("Enter")
    assert renewed.value.status == 200
    assert choice.input_value() == chosen
    expect(choice).to_be_focused()
    expect(warning).to_be_hidden()

    page.goto(f"{signin_server}/nb/innboks/logget-ut/")
    expect(page.locator("h1")).to_have_text("Du er logget ut")
    no_axe_violations(page, axe, "signed out")


def test_sign_out_ends_the_providers_session_too(page, signin_server, provider, axe):
    provider.fault, provider.person = None, KARI
    page.goto(f"{signin_server}/nb/innboks/")  # signed in at the provider, or signs in now
    if page.get_by_role("button", name="Jeg godtar vilkårene").count():
        page.get_by_role("button", name="Jeg godtar vilkårene").click()
    page.locator(".innboks-sign-out").get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{signin_server}/nb/innboks/logget-ut/", timeout=10_000)
    assert provider.ended_sessions, "the provider's end-session endpoint was not used"
    expect(page.locator("h1")).to_have_text("Du er logget ut")
    no_axe_violations(page, axe, "signed out")


def test_a_too_low_level_gets_a_page_saying_why(page, signin_server, provider, axe):
    provider.fault = None
    provider.person = oidc_provider.Person(pid=factories.national_id(), acr="idporten-loa-substantial")
    response = page.goto(f"{signin_server}/en/innboks/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Your sign-in level is too low")
    no_axe_violations(page, axe, "sign-in refused")
