"""The demo's families for ``make run`` (the population register's part of the demo data):
Kari Nordmann has a child of 9 (whom she acts for fully) and one of 13 (whose letters
she sees only exist). Ages move with the calendar, as in the register."""

from __future__ import annotations

import datetime as dt

from app.identity.fodselsnummer import with_check_digits
from app.representation.population_register import Child, DemoRegister

# Parent's first nine digits → children: name, first nine digits, date of birth.
_FAMILIES = {
    "150580123": [
        ("Nora Nordmann", "120317501", dt.date(2017, 3, 12)),
        ("Jonas Nordmann", "030913500", dt.date(2013, 9, 3)),
    ],
}


def _full(nine: str) -> str:
    number = with_check_digits(nine)
    assert number is not None, nine
    return number


FAMILIES: dict[str, list[Child]] = {
    _full(parent): [Child(_full(nine), name, born) for name, nine, born in children]
    for parent, children in _FAMILIES.items()
}


def register() -> DemoRegister:
    return DemoRegister(FAMILIES)
