"""The national contact register (Kontakt- og reservasjonsregisteret, KRR): a citizen's
mobile number and e-mail address, their reservation against digital contact, their
digital mailbox; with the registered postal address and whether it is confidential,
which our integration service adds from the population register. One HTTP shape:

    POST {base_url}/rest/v2/personer
    {"personidentifikatorer": ["11 digits"]}
    200 {"personer": [{
        "personidentifikator": "11 digits",
        "reservasjon": "JA" | "NEI",
        "status": "AKTIV" | "SLETTET" | "IKKE_REGISTRERT",
        "kontaktinformasjon": {"epostadresse": "…", "mobiltelefonnummer": "+47…"},
        "digital_post": {"postkasseadresse": "…", "postkasseleverandoeradresse": "…"},
        "postadresse": {"navn": "…", "adresselinjer": ["…"], "postnummer": "0155",
                        "poststed": "OSLO", "land": "NO"},
        "adressebeskyttelse": null | "FORTROLIG" | "STRENGT_FORTROLIG"}]}

The first six fields are KRR's own lookup; a person the register does not know is
absent or not AKTIV, which is a Contact with nothing in it. Anything else (another
status, another shape, a timeout) is :class:`ContactRegisterUnavailable`, and the
worker tries again later. ``make run`` uses :class:`DemoContactRegister`.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from app.dispatch.channels import PostalAddress
from app.identity import fodselsnummer


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


class HttpContactRegister:
    def __init__(self, base_url: str, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def lookup(self, national_id: str) -> Contact:
        try:
            response = self.session.post(
                f"{self.base_url}/rest/v2/personer",
                json={"personidentifikatorer": [national_id]},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise ContactRegisterUnavailable(f"{type(error).__name__}: {error}") from error
        if response.status_code != 200:
            raise ContactRegisterUnavailable(f"the register answered {response.status_code}")
        try:
            people = response.json()["personer"]
            found = [p for p in people if p["personidentifikator"] == national_id]
            return _contact(national_id, found[0]) if found else Contact(national_id)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            raise ContactRegisterUnavailable(f"the register's answer has another shape: {error!r}") from error


def _text(value, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    value = value.strip()
    return value[:limit] or None


def _contact(national_id: str, person: dict) -> Contact:
    fodselsnummer.validate(person["personidentifikator"])
    if person.get("status") != "AKTIV":
        return Contact(national_id)
    contact = person.get("kontaktinformasjon") or {}
    post = person.get("digital_post") or {}
    address = person.get("postadresse")
    postal = None
    if address:
        postal = PostalAddress(
            name=_text(address["navn"], 200) or "",
            lines=tuple(_text(line, 200) or "" for line in address.get("adresselinjer") or ()),
            postcode=_text(address["postnummer"], 10) or "",
            city=_text(address["poststed"], 100) or "",
            country=_text(address.get("land"), 2) or "NO",
        )
    return Contact(
        national_id=national_id,
        reserved=person["reservasjon"] == "JA",
        email=_text(contact.get("epostadresse"), 254),
        mobile=_text(contact.get("mobiltelefonnummer"), 20),
        mailbox=_text(post.get("postkasseadresse"), 200),
        mailbox_provider=_text(post.get("postkasseleverandoeradresse"), 200),
        postal_address=postal,
        confidential_address=person.get("adressebeskyttelse") in ("FORTROLIG", "STRENGT_FORTROLIG"),
    )


class DemoContactRegister:
    """The demo's contacts for ``make run`` (app/dispatch/demo_contacts.py); never in production."""

    def __init__(self, contacts: dict[str, Contact]) -> None:
        self.contacts = contacts

    def lookup(self, national_id: str) -> Contact:
        return self.contacts.get(national_id) or Contact(national_id)
