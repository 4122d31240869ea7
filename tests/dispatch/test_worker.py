"""The worker against a real SMTP server on loopback: routing, sending, retries,
fallbacks, receipts and the trail, each ending in one final status."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app import clock
from app.dispatch import receipts
from app.dispatch.channels import Kind
from app.dispatch.channels.smtp import Smtp
from app.dispatch.models import Dispatch, Purpose, Status
from app.dispatch.queries import steps, trail, undeliverable
from tests import smtp_server
from tests.dispatch.helpers import HOME, T0, contact_for, deliver, gp, hospital, portal_user, worker


@pytest.fixture
def app_config():
    return {"NOTIFY_GATHER_SECONDS": 60, "ESCALATION_DAYS": 4}


@pytest.fixture
def smtp():
    with smtp_server.running() as (received, url):
        yield received, url


def all_dispatches(database):
    database.expire_all()
    return database.scalars(select(Dispatch).order_by(Dispatch.id)).all()


def run(app, contacts, channels, tmp_path, at, **settings):
    with clock.frozen_at(at):
        w = worker(app, contacts, channels, tmp_path, **settings)
        while w.run_once():
            pass


def test_a_notification_by_email_says_nothing_of_the_letter(app, client, database, smtp, tmp_path):
    received, url = smtp
    org, token = gp(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1", category="message", subject="Prøvesvar: hiv-test")
        deliver(client, token, kari, "k2", category="message", subject="Resept på antidepressiva")
    contacts = {kari.national_id: contact_for(kari, email="kari@example.org")}
    channels = {Kind.EMAIL: Smtp(url, "ikke-svar@example.org")}
    run(app, contacts, channels, tmp_path, T0 + dt.timedelta(seconds=30))
    assert received.messages == []  # still gathering
    run(app, contacts, channels, tmp_path, T0 + dt.timedelta(seconds=61))
    [mail] = received.messages
    body = mail.get_content()
    assert mail["To"] == "kari@example.org"
    assert "Du har 2 nye brev eller meldinger i innboksen fra fastlegen" in body
    assert "https://innboks.example/nb/innboks/" in body
    for secret in ("hiv", "antidepressiva", "Legekontoret", "Prøvesvar"):
        assert secret not in body and secret not in str(mail["Subject"])
    [dispatch] = all_dispatches(database)
    assert mail["Message-ID"] == f"<{dispatch.idempotency_key}@innboks.invalid>"
    assert (dispatch.status, dispatch.final) == (Status.SENT, True)


def test_in_the_patients_language(app, client, database, smtp, tmp_path):
    from app.dispatch.models import NotificationSettings

    received, url = smtp
    org, token = hospital(database)
    kari = portal_user(database)
    database.add(NotificationSettings(patient_id=kari.id, sms=False, email=True, language="en"))
    database.commit()
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1")
    contacts = {kari.national_id: contact_for(kari, email="kari@example.org", mobile="+4791234567")}
    run(app, contacts, {Kind.EMAIL: Smtp(url, "x@example.org")}, tmp_path, T0 + dt.timedelta(minutes=2))
    [mail] = received.messages
    assert mail["Content-Language"] == "en"
    assert "You have 1 new letter or message in your inbox from a hospital" in mail.get_content()
    assert not (tmp_path / "outbox").exists()  # e-mail only, as chosen: no SMS


def test_an_unreachable_smtp_server_is_tried_again_later_then_fails_for_good(app, client, database, tmp_path):
    org, token = gp(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1", category="message")
    contacts = {kari.national_id: contact_for(kari, email="kari@example.org")}
    closed = {Kind.EMAIL: Smtp(f"smtp://127.0.0.1:{smtp_server.free_port()}", "x@example.org", timeout=2)}
    run(app, contacts, closed, tmp_path, T0 + dt.timedelta(minutes=2), max_attempts=3)
    [dispatch] = all_dispatches(database)
    assert dispatch.status is Status.TEMPORARY_FAILURE and dispatch.attempts == 1
    assert dispatch.not_before > T0 + dt.timedelta(minutes=2)  # backoff
    for hours in (1, 2):
        run(app, contacts, closed, tmp_path, T0 + dt.timedelta(hours=hours), max_attempts=3)
    [dispatch] = all_dispatches(database)
    assert (dispatch.status, dispatch.final, dispatch.attempts) == (Status.PERMANENT_FAILURE, True, 3)
    with app.app_context():
        assert undeliverable(database) == 1


def test_a_refusing_server_is_a_permanent_failure_at_once(app, client, database, smtp, tmp_path):
    received, url = smtp
    received.refuse = "550"
    org, token = gp(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1", category="message")
    contacts = {kari.national_id: contact_for(kari, email="nobody@example.org")}
    run(app, contacts, {Kind.EMAIL: Smtp(url, "x@example.org")}, tmp_path, T0 + dt.timedelta(minutes=2))
    [dispatch] = all_dispatches(database)
    assert (dispatch.status, dispatch.attempts) == (Status.PERMANENT_FAILURE, 1)
    assert "550" in steps(database, dispatch.id)[-1].detail


def test_no_usable_channel_is_undeliverable_and_counted(app, client, database, tmp_path):
    org, token = gp(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1", category="message")
    run(app, {}, {}, tmp_path, T0 + dt.timedelta(minutes=2))
    [dispatch] = all_dispatches(database)
    assert (dispatch.status, dispatch.final) == (Status.UNDELIVERABLE, True)
    assert "no mobile number or e-mail address" in steps(database, dispatch.id)[-1].detail
    assert undeliverable(database) == 1


def test_a_letter_goes_to_the_digital_mailbox_and_by_post_when_that_fails(app, client, database, tmp_path):
    org, token = hospital(database)
    from tests import factories

    ola = factories.patient(database, "Ola Nordmann")
    with clock.frozen_at(T0):
        item_id = deliver(client, token, ola, "k1", subject="Innkalling til time")
    contacts = {ola.national_id: contact_for(ola, mailbox="ola#1", postal_address=HOME)}
    run(app, contacts, {}, tmp_path, T0)
    [letter] = all_dispatches(database)
    assert (letter.purpose, letter.channel, letter.status, letter.final) == (
        Purpose.LETTER,
        Kind.DIGITAL_MAILBOX,
        Status.SENT,
        True,  # the development outbox has no receipts
    )
    # A mailbox provider's receipt saying it could not deliver moves it to post.
    letter.final = False
    database.commit()
    with clock.frozen_at(T0 + dt.timedelta(minutes=5)):
        assert (
            receipts.apply(
                database, Kind.DIGITAL_MAILBOX, letter.provider_reference, False, "closed", clock.now()
            )
            == receipts.Applied.CHANGED
        )
        database.commit()
        # The same receipt again, or a late "delivered", changes nothing.
        assert (
            receipts.apply(database, Kind.DIGITAL_MAILBOX, letter.provider_reference, True, "", clock.now())
            == receipts.Applied.UNCHANGED
        )
        database.commit()
    run(app, contacts, {}, tmp_path, T0 + dt.timedelta(minutes=6))
    [letter] = all_dispatches(database)
    assert (letter.channel, letter.status, letter.final) == (Kind.POST, Status.SENT, True)
    posted = json.loads(next((tmp_path / "outbox").glob("*-post.json")).read_text())
    assert posted["postal_address"]["city"] == "Oslo" and posted["subject"] == "Innkalling til time"
    steps = [(s.channel, s.status) for s in trail(database, item_id)]
    assert steps == [(Kind.DIGITAL_MAILBOX, Status.SENT), (Kind.POST, Status.SENT)]


def test_an_escalation_is_cancelled_when_the_letter_was_read(app, client, database, tmp_path):
    org, token = hospital(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        item_id = deliver(client, token, kari, "k1")
    contacts = {kari.national_id: contact_for(kari, mobile="+4791234567", postal_address=HOME)}
    from app.inbox.models import Item

    item = database.get(Item, item_id)
    item.read_at = T0 + dt.timedelta(days=1)
    database.commit()
    run(app, contacts, {}, tmp_path, T0 + dt.timedelta(days=5))
    notification, escalation = all_dispatches(database)
    assert (notification.channel, notification.status) == (Kind.SMS, Status.SENT)
    assert (escalation.status, escalation.final) == (Status.CANCELLED, True)


def test_an_unopened_letter_goes_on_by_post(app, client, database, tmp_path):
    org, token = hospital(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        item_id = deliver(client, token, kari, "k1")
    contacts = {kari.national_id: contact_for(kari, mobile="+4791234567", postal_address=HOME)}
    run(app, contacts, {}, tmp_path, T0 + dt.timedelta(days=3))
    assert [d.status for d in all_dispatches(database)] == [Status.SENT, Status.CREATED]
    run(app, contacts, {}, tmp_path, T0 + dt.timedelta(days=4, minutes=1))
    assert [(s.channel, s.purpose) for s in trail(database, item_id)] == [
        (Kind.SMS, Purpose.NOTIFICATION),
        (Kind.POST, Purpose.ESCALATION),
    ]
