"""Placeholder until the adapter lands (branch issue-13c): the Contact shape only."""

from __future__ import annotations

from dataclasses import dataclass

from app.dispatch.channels import PostalAddress


class ContactRegisterUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Contact:
    national_id: str
    reserved: bool = False
    email: str | None = None
    mobile: str | None = None
    mailbox: str | None = None
    mailbox_provider: str | None = None
    postal_address: PostalAddress | None = None
    confidential_address: bool = False


class DemoContactRegister:
    def __init__(self, contacts: dict[str, Contact]) -> None:
        self.contacts = contacts

    def lookup(self, national_id: str) -> Contact:
        return self.contacts.get(national_id) or Contact(national_id)
