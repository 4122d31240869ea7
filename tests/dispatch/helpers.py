"""What the dispatch tests share: patients who are or are not portal users, a delivery
through the API, and a worker on the test's app with the channels it is given."""

from __future__ import annotations

import datetime as dt

from app.dispatch import configured
from app.dispatch.channels import Kind, PostalAddress
from app.dispatch.channels.dev_outbox import DevOutbox
from app.dispatch.contact_register import Contact, DemoContactRegister
from app.dispatch.worker import Worker
from app.organisations.models import OrganisationKind
from tests import factories
from tests.api.helpers import payload, post

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
HOME = PostalAddress("Kari Nordmann", ("Storgata 1",), "0155", "Oslo")


def portal_user(db, name="Kari Nordmann", since=T0 - dt.timedelta(days=30)):
    patient = factories.patient(db, name)
    patient.portal_user_since = since
    db.commit()
    return patient


def contact_for(patient, **fields) -> Contact:
    return Contact(patient.national_id, **fields)


def deliver(client, token, patient, key, **changes):
    response = post(client, token, payload(patient, **changes), key=key)
    assert response.status_code == 201, response.text
    return response.get_json()["id"]


def hospital(db):
    return factories.organisation(db)


def gp(db):
    return factories.organisation(db, kind=OrganisationKind.GP, name="Legekontoret")


def worker(app, contacts: dict[str, Contact], channels: dict, tmp_path, **settings) -> Worker:
    """A worker with the given channels; the rest keep what they send in tmp_path."""
    every = {kind: DevOutbox(kind, tmp_path / "outbox") for kind in Kind}
    every.update(channels)
    return Worker(
        session=app.extensions["innboks.db"],
        channels=every,
        contacts=DemoContactRegister(contacts),
        inbox_url=lambda lang: f"https://innboks.example/{lang}/innboks/",
        policy=configured.policy(app.config),
        **settings,
    )
