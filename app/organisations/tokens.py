"""API tokens of sender organisations.

A token is 32 random bytes, shown once when issued; only its SHA-256 is
stored. A fast hash is right here (a password would need a slow one such as
argon2): the token has 256 bits of entropy, so there is nothing to
brute-force, and it is checked on every API call.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.organisations.models import Organisation

PREFIX = "innboks_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(db: Session, organisation: Organisation) -> str:
    """Give the organisation a new token (replacing any old one) and return it."""
    token = PREFIX + secrets.token_urlsafe(32)
    organisation.token_hash = token_hash(token)
    db.flush()
    return token


def organisation_for_token(db: Session, token: str) -> Organisation | None:
    if not token.startswith(PREFIX):
        return None
    return db.scalar(select(Organisation).where(Organisation.token_hash == token_hash(token)))
