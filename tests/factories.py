"""Building blocks for tests: real rows in the test database."""

from __future__ import annotations

import base64
import datetime as dt
import itertools

from app.identity.fodselsnummer import with_check_digits
from app.inbox.models import BodyFormat, Category, Item, Thread
from app.organisations.models import Organisation, OrganisationKind, Region
from app.organisations.tokens import issue_token
from app.patients.models import Patient
from tests.html import csrf_token

_serial = itertools.count(100)


def national_id() -> str:
    while True:
        candidate = with_check_digits(f"0101{80 + next(_serial) % 20:02d}{next(_serial) % 1000:03d}")
        if candidate:
            return candidate


def patient(db, name="Kari Nordmann") -> Patient:
    found = Patient(name=name, national_id=national_id())
    db.add(found)
    db.commit()
    return found


def organisation(
    db, kind=OrganisationKind.HOSPITAL, region=Region.HELSE_SOR_OST, name="Oslo universitetssykehus"
) -> tuple[Organisation, str]:
    org = Organisation(name=name, kind=kind, region=region if kind is OrganisationKind.HOSPITAL else None)
    db.add(org)
    db.flush()
    token = issue_token(db, org)
    db.commit()
    return org, token


def item(
    db,
    patient_,
    org,
    *,
    subject="Innkalling",
    category=Category.LETTER,
    sent_at=None,
    body="Tekst",
    thread=None,
    read=False,
    from_patient=False,
) -> Item:
    sent_at = sent_at or dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    thread = thread or Thread(patient_id=patient_.id, organisation_id=org.id, subject=subject)
    found = Item(
        patient_id=patient_.id,
        organisation_id=org.id,
        thread=thread,
        category=category,
        subject=subject,
        body=body,
        body_format=BodyFormat.TEXT,
        sent_at=sent_at,
        read_at=sent_at if read else None,
        from_patient=from_patient,
    )
    db.add(found)
    db.commit()
    return found


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def login(client, patient_, lang="nb"):
    page = client.get(f"/{lang}/innboks/utvikler-innlogging/")
    token = csrf_token(page.text)
    response = client.post(
        f"/{lang}/innboks/utvikler-innlogging/",
        data={"csrf_token": token, "patient_id": patient_.id, "next": f"/{lang}/innboks/"},
    )
    assert response.status_code == 303, response.text
