"""Rules about persons that the pages share."""

from __future__ import annotations


def shown_as(name: str | None, national_id: str) -> str:
    """How a page names the person signed in: their name, or, where the population register
    gave none, the birth date of their national identity number with the rest hidden."""
    return name or f"{national_id[:6]} *****"
