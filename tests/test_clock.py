"""One clock: setting the time moves every "now" in the app."""

import datetime as dt

import pytest
from sqlalchemy import select

from app import clock, demo_data
from app.inbox.models import Item
from tests import factories
from tests.api.helpers import payload, post

MOMENT = dt.datetime(2031, 3, 4, 23, 30, tzinfo=dt.UTC)  # already the 5th in Norway


def test_frozen_time_is_now_and_today_is_norways_date():
    with clock.frozen_at(MOMENT):
        assert clock.now() == MOMENT
        assert clock.today() == dt.date(2031, 3, 5)
    assert clock.now() != MOMENT


def test_frozen_time_needs_a_time_zone():
    with pytest.raises(ValueError), clock.frozen_at(dt.datetime(2031, 3, 4)):
        pass


def test_a_delivery_is_sent_and_stored_at_the_set_time(client, database):
    patient = factories.patient(database)
    _, token = factories.organisation(database)
    with clock.frozen_at(MOMENT):
        response = post(client, token, payload(patient))
    assert response.status_code == 201, response.json
    item = database.get(Item, response.json["id"])
    assert item.sent_at == MOMENT and item.created_at == MOMENT


def test_demo_data_is_dated_from_the_set_time(app, database):
    with clock.frozen_at(MOMENT):
        demo_data.load(database)
    newest = database.scalar(select(Item).order_by(Item.sent_at.desc()).limit(1))
    assert MOMENT - dt.timedelta(days=2) <= newest.sent_at <= MOMENT


def test_the_help_pages_retrieval_date_is_the_set_day(client):
    with clock.frozen_at(MOMENT):
        html = client.get("/en/").text
    assert '<time datetime="2031-03-05" data-retrieved>' in html
