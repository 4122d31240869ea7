import datetime as dt

import pytest

from app.representation.population_register import HttpRegister, RegisterUnavailable
from tests import factories
from tests.register_server import running


@pytest.fixture
def register():
    with running() as server:
        yield server


def test_children_come_in_the_documented_shape(register):
    parent, child = factories.national_id(), factories.national_id()
    register.add_child(parent, child, "Nora Nordmann", dt.date(2017, 3, 12))
    [found] = HttpRegister(register.url).children_of(parent)
    assert (found.national_id, found.name, found.birth_date) == (child, "Nora Nordmann", dt.date(2017, 3, 12))
    assert register.requests == [f"/v1/persons/{parent}/children"]


def test_a_person_the_register_does_not_know_has_no_children(register):
    assert HttpRegister(register.url).children_of(factories.national_id()) == []


@pytest.mark.parametrize("misbehaviour", ["500", "garbage", "bad-number", "slow"])
def test_a_register_that_misbehaves_is_unavailable(register, misbehaviour):
    parent = factories.national_id()
    register.add_child(parent, factories.national_id(), "Nora", dt.date(2017, 3, 12))
    register.misbehave = misbehaviour
    with pytest.raises(RegisterUnavailable):
        HttpRegister(register.url, timeout=0.5).children_of(parent)


def test_a_register_that_is_not_there_is_unavailable():
    with running() as server:
        url = server.url
    with pytest.raises(RegisterUnavailable):
        HttpRegister(url, timeout=0.5).children_of(factories.national_id())
