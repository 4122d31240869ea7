"""The contact register's demo entries for ``make run`` (never used in production), one
for each way a letter can go (README, "Notifications and delivery"):

- Kari Nordmann: mobile and e-mail (a portal user: notified by both);
- Ola Nordmann: e-mail only (a portal user: notified by e-mail, whatever he chose);
- Áile Somby: not a portal user, with a digital mailbox (hospital letters go there);
- Emma Hansen: reserved against digital contact (hospital letters by post);
- everyone else, the children too: unknown to the register (nothing can reach them).
"""

from __future__ import annotations

from app.dispatch.channels import PostalAddress
from app.dispatch.contact_register import Contact
from app.identity.fodselsnummer import with_check_digits


def _number(digits: str) -> str:
    found = with_check_digits(digits)
    assert found, digits
    return found


KARI, OLA, AILE, EMMA = (_number(d) for d in ("150580123", "010203049", "241299008", "311265117"))

CONTACTS = {
    KARI: Contact(
        KARI,
        mobile="+4791234567",
        email="kari.nordmann@example.org",
        postal_address=PostalAddress("Kari Nordmann", ("Storgata 1",), "0155", "Oslo"),
    ),
    OLA: Contact(
        OLA,
        email="ola.nordmann@example.org",
        postal_address=PostalAddress("Ola Nordmann", ("Fjellveien 12",), "5019", "Bergen"),
    ),
    AILE: Contact(
        AILE,
        mailbox="aile.somby#4HJ2",
        mailbox_provider="digipost.no",
        postal_address=PostalAddress("Áile Somby", ("Čáhppesjávri 3",), "9520", "Guovdageaidnu"),
    ),
    EMMA: Contact(
        EMMA,
        reserved=True,
        email="emma.hansen@example.org",
        postal_address=PostalAddress("Emma Hansen", ("Kirkegata 5", "c/o Hansen"), "7013", "Trondheim"),
    ),
}
