"""The patient's notification settings (/innboks/varsler/) and the trail of how an item
reached them, on the item's page."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import clock
from app.dispatch import settings as notification_settings
from app.i18n import LANGUAGES
from tests import factories
from tests.dispatch.helpers import HOME, T0, contact_for, deliver, hospital, portal_user, worker
from tests.html import csrf, page, text


def test_the_patient_chooses_sms_or_email_and_the_language(client, database):
    kari = portal_user(database)
    factories.login(client, kari)
    shown = client.get("/nb/innboks/varsler/")
    assert shown.status_code == 200
    assert "Kontakt- og reservasjonsregisteret" in shown.text
    saved = client.post(
        "/nb/innboks/varsler/", data={"csrf_token": csrf(client), "email": "on", "language": "en"}
    )
    assert saved.status_code == 303
    assert notification_settings.current(database, kari.id) == notification_settings.Choice(False, True, "en")
    assert "Valget ditt er lagret" in client.get(saved.headers["Location"]).text


def test_neither_sms_nor_email_is_refused_at_the_field(client, database):
    kari = portal_user(database)
    factories.login(client, kari)
    refused = client.post("/en/innboks/varsler/", data={"csrf_token": csrf(client), "language": "nb"})
    assert refused.status_code == 422
    html = page(refused)
    assert html.title.text.startswith("Error:")
    assert html.select_one('#error-summary a[href="#notify-sms"]')
    assert html.select_one("#notify-sms")["aria-invalid"] == "true"
    assert notification_settings.current(database, kari.id) == notification_settings.DEFAULT


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    sms=st.one_of(st.none(), st.sampled_from(["on", "off", ""]), st.text(max_size=5)),
    email=st.one_of(st.none(), st.sampled_from(["on", ""]), st.text(max_size=5)),
    language=st.one_of(st.none(), st.sampled_from([*LANGUAGES, "", "de", "nb\x00"]), st.text(max_size=8)),
)
def test_any_form_is_saved_or_refused_clearly_and_the_page_shows_it(client, database, sms, email, language):
    kari = portal_user(database)
    factories.login(client, kari)
    form = {"csrf_token": csrf(client)}
    form.update({k: v for k, v in (("sms", sms), ("email", email), ("language", language)) if v is not None})
    response = client.post("/nb/innboks/varsler/", data=form)
    assert response.status_code in (303, 422)
    for lang in LANGUAGES:
        assert client.get(f"/{lang}/innboks/varsler/").status_code == 200


def test_the_item_page_shows_how_the_letter_reached_the_patient(app, client, database, tmp_path):
    org, token = hospital(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        item_id = deliver(client, token, kari, "k1")
    contacts = {kari.national_id: contact_for(kari, mobile="+4791234567", postal_address=HOME)}
    for at in (T0 + dt.timedelta(minutes=5), T0 + dt.timedelta(days=4, minutes=1)):
        with clock.frozen_at(at):
            w = worker(app, contacts, {}, tmp_path)
            while w.run_once():
                pass
    with clock.frozen_at(T0 + dt.timedelta(days=5)):
        factories.login(client, kari)
        main = text(page(client.get(f"/en/innboks/{item_id}/")).select_one("main"))
    assert "Notification sent by SMS Nov 23, 2026, 9:05" in main, main
    assert "Not opened in the inbox in time, so sent by post" in main
    assert "Read in the inbox" in main
    # The trail names no address: nothing of the patient's contact details.
    assert "+4791234567" not in main and "Storgata" not in main
