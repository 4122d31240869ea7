"""An item and what is to be sent for it are stored together (app/dispatch/outbox.py): the
delivery marks the item, and the worker's collect step turns marks into dispatches."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import clock
from app.dispatch import outbox
from app.dispatch.models import Dispatch, Purpose, Status
from app.inbox.models import Category
from tests import factories
from tests.api.helpers import count, payload, post
from tests.dispatch.helpers import T0, deliver, gp, hospital, portal_user


@pytest.fixture
def app_config():
    return {"NOTIFY_GATHER_SECONDS": 180, "ESCALATION_DAYS": 4}


POLICY = outbox.Policy(gather=dt.timedelta(seconds=180))


def dispatches(database, patient):
    """The patient's dispatches, after the worker's collect step has run."""
    database.commit()
    outbox.collect(database, POLICY)
    database.commit()
    return database.scalars(
        select(Dispatch).where(Dispatch.patient_id == patient.id).order_by(Dispatch.id)
    ).all()


def test_a_portal_user_gets_one_notification_for_items_close_together(client, database):
    org, token = gp(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        first = deliver(client, token, kari, "k1", category="message")
    with clock.frozen_at(T0 + dt.timedelta(minutes=2)):
        second = deliver(client, token, kari, "k2", category="message")
    [notification] = dispatches(database, kari)
    assert notification.purpose is Purpose.NOTIFICATION and notification.status is Status.CREATED
    assert notification.not_before == T0 + dt.timedelta(seconds=180)
    assert [item.id for item in notification.items] == [first, second]


def test_a_hospital_letter_is_also_due_by_post_after_four_days_unless_read(client, database):
    org, token = hospital(database)
    kari = portal_user(database)
    with clock.frozen_at(T0):
        deliver(client, token, kari, "k1")
    notification, escalation = dispatches(database, kari)
    assert escalation.purpose is Purpose.ESCALATION
    assert escalation.not_before == T0 + dt.timedelta(days=4)


def test_a_citizen_who_is_not_a_portal_user_gets_hospital_letters_only(client, database):
    hospital_org, hospital_token = hospital(database)
    gp_org, gp_token = gp(database)
    ola = factories.patient(database, "Ola Nordmann")
    deliver(client, hospital_token, ola, "k1")
    deliver(client, gp_token, ola, "k2", category="message")
    [letter] = dispatches(database, ola)
    assert letter.purpose is Purpose.LETTER and [i.category for i in letter.items] == [Category.LETTER]


def test_a_refused_delivery_leaves_nothing_to_send(client, database):
    org, token = hospital(database)
    kari = portal_user(database)
    response = post(client, token, payload(kari, category="nonsense"), key="k1")
    assert response.status_code == 422
    assert dispatches(database, kari) == []


def test_the_mark_and_the_dispatches_are_one_transaction(client, database):
    from app.inbox.models import Item

    org, token = gp(database)
    kari = portal_user(database)
    item_id = deliver(client, token, kari, "k1", category="message")
    database.expire_all()
    assert database.get(Item, item_id).dispatch_pending is True
    assert count(database, Dispatch) == 0  # the API wrote only the mark
    dispatches(database, kari)
    assert database.get(Item, item_id).dispatch_pending is False
    assert count(database, Dispatch) == 1


def test_a_retried_delivery_is_not_announced_twice(client, database):
    org, token = hospital(database)
    kari = portal_user(database)
    deliver(client, token, kari, "k1")
    again = post(client, token, payload(kari), key="k1")
    assert again.status_code == 200
    assert [d.purpose for d in dispatches(database, kari)] == [Purpose.NOTIFICATION, Purpose.ESCALATION]


def test_simultaneous_deliveries_and_workers_gather_into_one_notification(app, database):
    from concurrent.futures import ThreadPoolExecutor

    org, token = gp(database)
    kari = portal_user(database)

    def send(n):
        response = post(app.test_client(), token, payload(kari, category="message"), key=f"k{n}")
        return response.status_code

    def collect(_):
        with app.extensions["innboks.db"]() as session, session.begin():
            return outbox.collect(session, POLICY, limit=4)

    with clock.frozen_at(T0), ThreadPoolExecutor(8) as pool:
        assert set(pool.map(send, range(16))) == {201}
        # Four workers collecting at once, four items each: they all join one notification.
        assert sum(pool.map(collect, range(4))) == 16
    [notification] = dispatches(database, kari)
    assert len(notification.items) == 16
