import contextlib

import pytest

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
