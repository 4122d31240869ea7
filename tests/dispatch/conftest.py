"""The outside world of the dispatch tests, started once a module: the providers on loopback
(tests/provider_server.py) and a real SMTP server."""

import pytest

from tests import provider_server, smtp_server


@pytest.fixture(scope="module")
def providers():
    with provider_server.running() as state:
        yield state


@pytest.fixture(scope="module")
def smtp_module():
    with smtp_server.running() as running:
        yield running
