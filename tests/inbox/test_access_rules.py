"""Who may do what (app/inbox/access.py): the table, the age bands, the day they switch."""

import datetime as dt

import pytest

from app import clock
from app.inbox.access import (
    AGE_BANDS,
    PERMISSIONS,
    Action,
    Role,
    age_on,
    allowed,
    parent_role,
    power_role,
)
from app.representation.models import PowerOfAttorney, Scope

OSLO = clock.NORWAY


@pytest.mark.parametrize(
    ("born", "today", "role"),
    [
        (dt.date(2016, 6, 1), dt.date(2026, 6, 1), Role.PARENT),  # 10
        (dt.date(2014, 6, 2), dt.date(2026, 6, 1), Role.PARENT),  # 11, 12 tomorrow
        (dt.date(2014, 6, 1), dt.date(2026, 6, 1), Role.PARENT_OF_TEEN),  # 12 today
        (dt.date(2010, 6, 2), dt.date(2026, 6, 1), Role.PARENT_OF_TEEN),  # 15, 16 tomorrow
        (dt.date(2010, 6, 1), dt.date(2026, 6, 1), None),  # 16 today
        (dt.date(2009, 1, 1), dt.date(2026, 6, 1), None),  # 17
        (dt.date(2012, 2, 29), dt.date(2024, 2, 28), Role.PARENT),  # born on 29 February
        (dt.date(2012, 2, 29), dt.date(2024, 2, 29), Role.PARENT_OF_TEEN),
        (dt.date(2012, 2, 29), dt.date(2025, 2, 28), Role.PARENT_OF_TEEN),
    ],
)
def test_a_parents_role_follows_the_childs_age(born, today, role):
    assert parent_role(born, today) is role


def test_the_age_bands_cover_0_to_16_without_gaps():
    edges = [(low, high) for low, high, _role in AGE_BANDS]
    assert edges[0][0] == 0 and edges[-1][1] == 16
    assert all(a[1] == b[0] for a, b in zip(edges, edges[1:], strict=False))


@pytest.mark.parametrize(
    ("moment", "role"),
    [
        # The child turns 12 on 1 June 2026; Norway is UTC+2 then.
        (dt.datetime(2026, 5, 31, 21, 59, 59, tzinfo=dt.UTC), Role.PARENT),  # 23:59:59 in Oslo
        (dt.datetime(2026, 5, 31, 22, 0, 0, tzinfo=dt.UTC), Role.PARENT_OF_TEEN),  # midnight in Oslo
        # Turns 16 on 1 January 2027 (UTC+1).
    ],
)
def test_the_role_switches_at_midnight_in_norway(moment, role):
    with clock.frozen_at(moment):
        assert parent_role(dt.date(2014, 6, 1), clock.today()) is role


@pytest.mark.parametrize(
    ("moment", "role"),
    [
        (dt.datetime(2026, 12, 31, 22, 59, 59, tzinfo=dt.UTC), Role.PARENT_OF_TEEN),
        (dt.datetime(2026, 12, 31, 23, 0, 0, tzinfo=dt.UTC), None),
    ],
)
def test_a_parents_access_ends_at_midnight_on_the_16th_birthday(moment, role):
    with clock.frozen_at(moment):
        assert parent_role(dt.date(2011, 1, 1), clock.today()) is role


def test_age_in_whole_years():
    assert age_on(dt.date(2000, 12, 31), dt.date(2001, 12, 30)) == 0
    assert age_on(dt.date(2000, 12, 31), dt.date(2001, 12, 31)) == 1


@pytest.mark.parametrize(
    ("valid_until", "withdrawn", "today", "in_force"),
    [
        (None, False, dt.date(2030, 1, 1), True),
        (dt.date(2026, 6, 1), False, dt.date(2026, 6, 1), True),  # the last day holds
        (dt.date(2026, 6, 1), False, dt.date(2026, 6, 2), False),  # ended yesterday
        (None, True, dt.date(2026, 6, 1), False),
    ],
)
def test_a_power_is_in_force_until_its_last_day_or_withdrawn(valid_until, withdrawn, today, in_force):
    power = PowerOfAttorney(
        scope=Scope.READ,
        valid_until=valid_until,
        withdrawn_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) if withdrawn else None,
    )
    assert power.in_force(today) is in_force


def test_a_powers_scope_gives_its_role():
    assert power_role(Scope.READ) is Role.POWER_READ and power_role(Scope.ACT) is Role.POWER_ACT


def test_the_table_keeps_what_matters():
    # Only the patient gives powers; every person who reads may list; nobody but the
    # patient and a parent of a young child reads the log; a system only reads.
    assert {role for role in Role if allowed(role, Action.MANAGE_POWERS)} == {Role.PATIENT}
    assert {role for role in Role if allowed(role, Action.READ_LOG)} == {Role.PATIENT, Role.PARENT}
    assert PERMISSIONS[Role.SENDER_SYSTEM] == {Action.READ}
    assert not allowed(Role.PARENT_OF_TEEN, Action.READ)
    assert not allowed(Role.PARENT_OF_TEEN, Action.SEE_OWN_WRITING)
    assert not allowed(Role.POWER_READ, Action.REPLY)
    assert set(PERMISSIONS) == set(Role)
