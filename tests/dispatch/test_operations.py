"""What operators and newcomers see of the outbox: the worker command, the count of
what reached no one (a command and a metric), and the development page."""

from __future__ import annotations

import pytest

from app import clock
from tests.dispatch.helpers import T0, deliver, gp, portal_user
from tests.html import page, text


@pytest.fixture
def app_config(tmp_path, providers):
    # The contact register on loopback; every channel is the development outbox.
    return {
        "NOTIFY_GATHER_SECONDS": 0,
        "DEV_OUTBOX_DIR": str(tmp_path / "dev-outbox"),
        "CONTACT_REGISTER_URL": providers.url,
    }


def test_the_worker_command_sends_and_the_development_page_shows_it(app, client, database, providers):
    org, token = gp(database)
    kari = portal_user(database, "Kari Nordmann")
    ola = portal_user(database, "Ola Nordmann")
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1", category="message", subject="Blodprøvesvar")
        deliver(client, token, ola, "k2", category="message")
    providers.person(kari.national_id, email="kari@example.org")  # Ola is unknown to the register
    result = app.test_cli_runner().invoke(args=["deliver", "--once", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Handled 4 new items and dispatches" in result.output  # 2 items, their 2 notifications

    status = app.test_cli_runner().invoke(args=["dispatch", "status"])
    assert status.exit_code == 0
    assert "undeliverable        " in status.output

    metrics = client.get("/metrics")
    assert metrics.status_code == 200 and metrics.mimetype == "text/plain"
    assert "innboks_dispatches_undeliverable 1\n" in metrics.text
    assert 'innboks_dispatches{status="undeliverable"} ' in metrics.text

    shown = client.get("/nb/innboks/utvikler-utsendelser/")
    assert shown.status_code == 200
    main = text(page(shown).select_one("main"))
    assert "Development: what the demo has sent" in main
    assert "kari@example.org" in main
    assert "Du har 1 nytt brev eller ny melding i innboksen fra fastlegen" in main
    assert "Blodprøvesvar" not in main  # a notification carries no health information


def test_the_worker_command_refuses_nonsense_with_a_message(app):
    result = app.test_cli_runner().invoke(args=["deliver", "--batch", "0"])
    assert result.exit_code == 2 and "--batch" in result.output


def production_app(database_url, built_site, **config):
    from app.flask_inbox import create_app

    return create_app(
        {
            "INNBOKS_ENV": "production",
            "DEV_LOGIN": False,
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": database_url,
            "SITE_DIR": str(built_site),
            **config,
        }
    )


def test_no_development_page_in_production(database_url, built_site):
    production = production_app(database_url, built_site, CONTACT_REGISTER_URL="http://127.0.0.1:9/")
    assert production.test_client().get("/nb/innboks/utvikler-utsendelser/").status_code == 404


def test_the_worker_refuses_to_start_in_production_without_the_contact_register(database_url, built_site):
    production = production_app(database_url, built_site, CONTACT_REGISTER_URL=None)
    result = production.test_cli_runner().invoke(args=["deliver", "--once"])
    assert result.exit_code == 1
    assert "INNBOKS_CONTACT_REGISTER_URL" in result.output and "Traceback" not in result.output
