"""Who is whose parent: the population register (Folkeregisteret), through one HTTP shape.

    GET {base_url}/v1/persons/{national_id}/children
    200 {"children": [{"nationalId": "11 digits", "name": "…", "birthDate": "YYYY-MM-DD"}]}
    404 the register does not know the person: no children

Anything else (another status, a body of another shape, a timeout) is
RegisterUnavailable: the caller shows the person their own inbox and says why.
``make run`` uses DemoRegister with the demo families (app/demo_data.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import requests

from app.identity import fodselsnummer


@dataclass(frozen=True)
class Child:
    national_id: str
    name: str
    birth_date: dt.date


class RegisterUnavailable(Exception):
    pass


class PopulationRegister(Protocol):
    def children_of(self, national_id: str) -> list[Child]: ...


class HttpRegister:
    def __init__(self, base_url: str, *, timeout: float = 3.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def children_of(self, national_id: str) -> list[Child]:
        try:
            response = requests.get(
                f"{self.base_url}/v1/persons/{fodselsnummer.validate(national_id)}/children",
                timeout=self.timeout,
                headers={"Accept": "application/json"},
            )
        except (requests.RequestException, fodselsnummer.InvalidNationalId) as error:
            raise RegisterUnavailable(str(error)) from error
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise RegisterUnavailable(f"the register answered {response.status_code}")
        try:
            return [_child(entry) for entry in response.json()["children"]]
        except (ValueError, KeyError, TypeError, fodselsnummer.InvalidNationalId) as error:
            raise RegisterUnavailable(f"the register's answer has another shape: {error!r}") from error


def _child(entry: dict) -> Child:
    return Child(
        national_id=fodselsnummer.validate(entry["nationalId"]),
        name=str(entry["name"])[:200],
        birth_date=dt.date.fromisoformat(entry["birthDate"]),
    )


class NoRegister:
    """No register configured (INNBOKS_POPULATION_REGISTER_URL): nobody acts as a parent."""

    def children_of(self, national_id: str) -> list[Child]:
        return []


class DemoRegister:
    """The demo families for ``make run`` (never used in production, see app.config)."""

    def __init__(self, families: dict[str, list[Child]]) -> None:
        self.families = families

    def children_of(self, national_id: str) -> list[Child]:
        return list(self.families.get(national_id, []))
