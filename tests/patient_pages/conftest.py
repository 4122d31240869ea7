import contextlib

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import event

from app import clock
from tests import factories

IDLE = TransactionStatus.IDLE


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
    """The statements the app's engine runs, each with the number of the pool checkout it
    ran in. In "statements", the session store's are left out: it reads in the request's
    connection, but saves in one of its own now and then and deletes expired sessions;
    "all" has them too. On PostgreSQL, "in_transaction" has those of "all" that ran in a
    transaction (app.db begins one only for a statement that writes or locks)."""
    engine = app.extensions["innboks.db"].kw["bind"]
    seen = {"statements": [], "all": [], "in_transaction": [], "checkout": 0}

    def statement(conn, cursor, sql, parameters, context, executemany):
        ran = (seen["checkout"], " ".join(sql.split()[:4]))
        seen["all"].append(ran)
        if "web_session" not in sql:
            seen["statements"].append(ran)

    def checkout(dbapi_connection, record, proxy):
        seen["checkout"] += 1

    def after(conn, cursor, sql, parameters, context, executemany):
        if engine.dialect.name == "postgresql" and cursor.connection.info.transaction_status != IDLE:
            seen["in_transaction"].append(" ".join(sql.split()[:4]))

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "checkout", checkout)
    yield seen
    event.remove(engine, "before_cursor_execute", statement)
    event.remove(engine, "after_cursor_execute", after)
    event.remove(engine, "checkout", checkout)
