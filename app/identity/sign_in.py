"""Who an ID token from ID-porten says has signed in, and whether that is enough.

The token itself (signature, issuer, audience, expiry, nonce) is checked by the
OpenID Connect client (Authlib) before these rules see its claims.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.identity import fodselsnummer

#: ID-porten's levels of assurance, lowest first (acr values; eIDAS: substantial, high).
ACR_LEVELS = ("idporten-loa-substantial", "idporten-loa-high")


class SignInRefused(Exception):
    """The sign-in was done, but it cannot open the inbox; ``reason`` says why."""

    ACR_TOO_LOW = "acr_too_low"
    NO_NATIONAL_ID = "no_national_id"

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True)
class SignedInPerson:
    national_id: str
    name: str  # empty when the provider gives none (ID-porten gives only the number)
    provider_sid: str | None


def acr_is_enough(acr: object, required: str) -> bool:
    """Whether the level ``acr`` is at least ``required``; an unknown level never is."""
    if required not in ACR_LEVELS:
        raise ValueError(f"unknown required level {required!r}; one of {', '.join(ACR_LEVELS)}")
    return acr in ACR_LEVELS and ACR_LEVELS.index(acr) >= ACR_LEVELS.index(required)


def person_from_claims(claims: Mapping[str, object], required_acr: str) -> SignedInPerson:
    """The person in a validated ID token's claims: the national identity number from
    ``pid`` (``sub`` is a pairwise id, not the person), at the level required."""
    acr = claims.get("acr")
    if not acr_is_enough(acr, required_acr):
        raise SignInRefused(SignInRefused.ACR_TOO_LOW, f"acr {acr!r}, {required_acr!r} required")
    pid = claims.get("pid")
    if not fodselsnummer.is_valid(pid):
        raise SignInRefused(SignInRefused.NO_NATIONAL_ID, "no valid national identity number in pid")
    name = claims.get("name")
    sid = claims.get("sid")
    return SignedInPerson(
        national_id=str(pid),
        name=name.strip() if isinstance(name, str) else "",
        provider_sid=sid if isinstance(sid, str) and sid else None,
    )
