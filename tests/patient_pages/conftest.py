import contextlib

import pytest
from sqlalchemy import event

from app import clock
from tests import factories


@pytest.fixture
def kari(database):
    return factories.patient(database, "Kari Nordmann")


@pytest.fixture
def set_time():
    """``set_time(moment)``: from then until the test ends, the app's clock says ``moment``."""
    with contextlib.ExitStack() as stack:
        yield lambda moment: stack.enter_context(clock.frozen_at(moment))


@pytest.fixture
def statements(app):
    """The statements the app's engine runs, from the moment the test calls ``start()``,
    each with the number of the pool checkout it ran in. The session store's are left out:
    it takes a connection of its own, and now and then deletes expired sessions."""
    engine = app.extensions["innboks.db"].kw["bind"]
    seen = {"statements": [], "checkout": 0}

    def statement(conn, cursor, sql, parameters, context, executemany):
        if "web_session" not in sql:
            seen["statements"].append((seen["checkout"], " ".join(sql.split()[:4])))

    def checkout(dbapi_connection, record, proxy):
        seen["checkout"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "checkout", checkout)
    yield seen
    event.remove(engine, "before_cursor_execute", statement)
    event.remove(engine, "checkout", checkout)
