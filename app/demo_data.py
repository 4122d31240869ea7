"""Demo data for development (`make run`): never loaded in production.

Fictional patients with valid test identity numbers, an organisation of every
kind (hospitals in all four regions), and a realistic mix of items.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.appointments.models import Appointment
from app.clock import NORWAY
from app.dispatch import outbox
from app.identity.fodselsnummer import with_check_digits
from app.inbox.models import Attachment, BodyFormat, Category, Item, Thread
from app.inbox.sanitize import clean_html
from app.municipal.models import ServiceRecipient
from app.organisations.models import Organisation, OrganisationKind, Region
from app.patients.models import Patient
from app.representation.demo_families import FAMILIES
from app.representation.models import PowerOfAttorney, Scope

PATIENTS = [
    ("Kari Nordmann", "150580123"),
    ("Ola Nordmann", "010203049"),
    ("Áile Somby", "241299008"),
    ("Emma Hansen", "311265117"),
]

ORGANISATIONS = [
    ("Oslo universitetssykehus", OrganisationKind.HOSPITAL, Region.HELSE_SOR_OST),
    ("Haukeland universitetssjukehus", OrganisationKind.HOSPITAL, Region.HELSE_VEST),
    ("St. Olavs hospital", OrganisationKind.HOSPITAL, Region.HELSE_MIDT_NORGE),
    ("Universitetssykehuset Nord-Norge", OrganisationKind.HOSPITAL, Region.HELSE_NORD),
    ("Fastlegen, Sentrum legekontor", OrganisationKind.GP, None),
    ("Hjemmesykepleien, Demo kommune", OrganisationKind.MUNICIPAL_SERVICE, None),
    ("Helsestasjonen, Demo kommune", OrganisationKind.MUNICIPAL_SERVICE, None),
    ("Helseundersøkelsen i Demo fylke", OrganisationKind.RESEARCH, None),
]


def minimal_pdf(text: str) -> bytes:
    """A real one-page PDF with a line of text, so the demo letter opens in a viewer."""
    safe = (
        text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    stream = b"BT /F1 14 Tf 72 770 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def has_patients(db: Session) -> bool:
    return db.scalar(select(Patient.id).limit(1)) is not None


def _at_nine(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(NORWAY).replace(hour=9, minute=0, second=0, microsecond=0)


def _item(
    thread,
    org,
    category,
    subject,
    body,
    sent_at,
    *,
    read=False,
    html=False,
    from_patient=False,
    attachments=(),
    appointment=None,
):
    return Item(
        patient_id=thread.patient_id,
        organisation_id=org.id,
        thread=thread,
        category=category,
        subject=subject,
        body=clean_html(body) if html else body,
        body_format=BodyFormat.HTML if html else BodyFormat.TEXT,
        from_patient=from_patient,
        sent_at=sent_at,
        read_at=sent_at + dt.timedelta(hours=3) if read else None,
        attachments=list(attachments),
        appointment=appointment,
    )


def load(db: Session, now: dt.datetime | None = None) -> str:
    now = now or clock.now()
    orgs = {}
    for name, kind, region in ORGANISATIONS:
        org = Organisation(name=name, kind=kind, region=region)
        db.add(org)
        orgs[name] = org
    patients = [Patient(name=name, national_id=with_check_digits(digits)) for name, digits in PATIENTS]
    # The demo families' children (the population register's demo) have inboxes too.
    patients += [Patient(name=c.name, national_id=c.national_id) for kids in FAMILIES.values() for c in kids]
    db.add_all(patients)
    db.flush()
    by_name = {p.name: p for p in patients}
    # Áile Somby is no portal user: her hospital letters go to her digital mailbox (demo_contacts).
    for name in ("Kari Nordmann", "Ola Nordmann", "Emma Hansen"):
        by_name[name].portal_user_since = now - dt.timedelta(days=400)
    # Emma Hansen lets Ola Nordmann read her inbox and act for her.
    db.add(
        PowerOfAttorney(
            giver_id=by_name["Emma Hansen"].id,
            holder_national_id=by_name["Ola Nordmann"].national_id,
            scope=Scope.ACT,
            created_at=now,
        )
    )
    ous, haukeland, st_olav, unn, gp, home_care, health_station, survey = orgs.values()
    home_care.digital_contact = True  # the health station has not opened for digital contact

    for offset, patient in enumerate(patients):
        day = now - dt.timedelta(days=offset)

        def thread(org, subject, patient=patient):
            t = Thread(patient_id=patient.id, organisation_id=org.id, subject=subject)
            db.add(t)
            return t

        db.add_all(
            [
                ServiceRecipient(patient_id=patient.id, organisation_id=home_care.id),
                ServiceRecipient(patient_id=patient.id, organisation_id=health_station.id),
            ]
        )
        letter = thread(ous, "Innkalling til poliklinisk time")
        ous_appointment = Appointment(
            patient_id=patient.id,
            organisation_id=ous.id,
            department="Ortopedisk poliklinikk",
            place="Ullevål sykehus, bygg 37",
            starts_at=_at_nine(now + dt.timedelta(days=10 + offset)),
        )
        db.add(
            _item(
                letter,
                ous,
                Category.LETTER,
                "Innkalling til poliklinisk time",
                "<p>Du har fått time ved <strong>Ortopedisk poliklinikk</strong>.</p>"
                "<p>Møt opp i resepsjonen i 1. etasje 15 minutter før timen.</p>",
                day - dt.timedelta(days=2),
                html=True,
                attachments=[
                    Attachment(
                        filename="innkalling.pdf",
                        content_type="application/pdf",
                        data=(pdf := minimal_pdf("Innkalling til poliklinisk time")),
                        size=len(pdf),
                    )
                ],
                appointment=ous_appointment,
            )
        )
        other_region = (haukeland, st_olav, unn)[offset % 3]
        db.add(
            _item(
                thread(other_region, "Svar på henvisning"),
                other_region,
                Category.LETTER,
                "Svar på henvisning",
                "Vi har mottatt henvisningen din og vurdert den.\n\n"
                "Du får et nytt brev når timen er satt opp.",
                day - dt.timedelta(days=20),
                read=True,
            )
        )
        db.add(
            _item(
                thread(other_region, "Innkalling til time"),
                other_region,
                Category.LETTER,
                "Innkalling til time",
                "Du har fått time til kontroll.",
                day - dt.timedelta(days=3),
                appointment=Appointment(
                    patient_id=patient.id,
                    organisation_id=other_region.id,
                    department="Hjertemedisinsk poliklinikk",
                    place="Hovedinngangen",
                    starts_at=_at_nine(now + dt.timedelta(days=20)),
                ),
            )
        )
        gp_thread = thread(gp, "Prøvesvar")
        db.add(
            _item(
                gp_thread,
                gp,
                Category.MESSAGE,
                "Prøvesvar",
                "Blodprøvene dine er fine. Ta kontakt hvis du har spørsmål.",
                day - dt.timedelta(days=9),
                read=True,
            )
        )
        care = thread(home_care, "Endret besøkstid")
        db.add(
            _item(
                care,
                home_care,
                Category.MESSAGE,
                "Endret besøkstid",
                "Fra neste uke kommer vi mellom kl. 09 og 10 om formiddagen.",
                day - dt.timedelta(days=5),
                read=True,
            )
        )
        db.add(
            _item(
                care,
                home_care,
                Category.MESSAGE,
                "Re: Endret besøkstid",
                "Det passer fint, takk.",
                day - dt.timedelta(days=4, hours=20),
                read=True,
                from_patient=True,
            )
        )
        db.add(
            _item(
                care,
                home_care,
                Category.MESSAGE,
                "Re: Endret besøkstid",
                "Takk for beskjed. Vi ses på mandag.",
                day - dt.timedelta(days=4),
            )
        )
        db.add(
            _item(
                thread(health_station, "Kvittering: skjema mottatt"),
                health_station,
                Category.FORM_RECEIPT,
                "Kvittering: skjema mottatt",
                "Vi har mottatt skjemaet ditt «Melding om flytting».",
                day - dt.timedelta(days=30),
                read=True,
            )
        )
        db.add(
            _item(
                thread(survey, "Invitasjon til helseundersøkelse"),
                survey,
                Category.RESEARCH,
                "Invitasjon til helseundersøkelse",
                "Du er invitert til å delta i Helseundersøkelsen i Demo fylke. Deltakelse er frivillig.",
                day - dt.timedelta(days=1),
            )
        )
    db.commit()
    announced = _announce_newest_letters(db, [by_name[name] for name, _ in PATIENTS])
    return (
        f"Loaded {len(patients)} patients, {len(orgs)} organisations, {announced} letters to announce and "
        f"{db.scalar(select(func.count()).select_from(Item))} items."
    )


def _announce_newest_letters(db: Session, adults: list[Patient]) -> int:
    """Each adult's newest hospital letter is marked for the outbox as a delivery marks it,
    so the worker of ``make run`` has something to send (/nb/innboks/utvikler-utsendelser/)."""
    marked = 0
    for patient in adults:
        letter = db.scalars(
            select(Item)
            .join(Organisation, Organisation.id == Item.organisation_id)
            .where(
                Item.patient_id == patient.id,
                Item.category == Category.LETTER,
                Organisation.kind == OrganisationKind.HOSPITAL,
            )
            .order_by(Item.sent_at.desc())
        ).first()
        if letter is not None and outbox.needs_dispatch(letter, patient, OrganisationKind.HOSPITAL):
            letter.dispatch_pending = True
            marked += 1
    db.commit()
    return marked
