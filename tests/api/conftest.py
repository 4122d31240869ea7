import pytest

from tests import factories


@pytest.fixture
def sender(database):
    """A hospital and its API token."""
    return factories.organisation(database)


@pytest.fixture
def patient(database):
    return factories.patient(database)
