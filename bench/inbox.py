"""How fast the inbox is with a large inbox: ``python -m bench.inbox``.

Fills a fresh database (schema from the Alembic migrations) with a
realistic inbox population: 100,000 items over 1,000 patients by default,
one of them with 10,000 items. Then it drives the real Flask app through
the in-process test client (the whole WSGI stack, no HTTP server or
network) and times, per database:

- the inbox page of the patient with the most items: the first page, a page
  filtered by category, a page filtered by sender, every page reached by
  following the 'Older' links to the end, and the deepest of those again;
- the item page, which writes an access-log entry in the same transaction;
- the patient's access-log page (``/nb/innboks/logg/``): the first page, filtered
  by who looked, and ten pages back, on a log of ``--log-entries`` (1,000,000 by
  default, spread over the patients like their items);
- ``POST /api/v1/items`` deliveries, each with a new idempotency key.

It prints the median and 95th percentile of each, and how long the fill
took. SQLite is a file in a temporary folder; PostgreSQL is a database of
its own (``innboks_bench_<pid>``) created on the server given by
``--postgresql-url`` and dropped afterwards, so no other data is touched.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import math
import os
import platform
import random
import re
import secrets
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import migrations, web_sessions
from app.arguments import ArgumentParser
from app.config import PROJECT_ROOT
from app.db import make_engine
from app.demo_data import minimal_pdf
from app.identity.fodselsnummer import with_check_digits
from app.inbox.access_log import AccessLogEntry, What
from app.inbox.models import Attachment, BodyFormat, Category, Item, Thread
from app.organisations.models import Organisation, OrganisationKind, Region
from app.organisations.tokens import issue_token
from app.patients.models import Patient

DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TARGET_P95_MS = 50.0
PAGE_SIZE = 25  # the app's INBOX_PAGE_SIZE; the walk checks it gets this many per page
YEARS = 8  # send times spread over this many years before now
LANGS = ("nb", "en", "se")

R, GP, MUNI, RES = (
    OrganisationKind.HOSPITAL,
    OrganisationKind.GP,
    OrganisationKind.MUNICIPAL_SERVICE,
    OrganisationKind.RESEARCH,
)
ORGANISATIONS = [
    ("Oslo universitetssykehus", R, Region.HELSE_SOR_OST),
    ("Akershus universitetssykehus", R, Region.HELSE_SOR_OST),
    ("Sykehuset Innlandet", R, Region.HELSE_SOR_OST),
    ("Vestre Viken", R, Region.HELSE_SOR_OST),
    ("Sykehuset Østfold", R, Region.HELSE_SOR_OST),
    ("Sørlandet sykehus", R, Region.HELSE_SOR_OST),
    ("Haukeland universitetssjukehus", R, Region.HELSE_VEST),
    ("Stavanger universitetssjukehus", R, Region.HELSE_VEST),
    ("Helse Fonna", R, Region.HELSE_VEST),
    ("Helse Førde", R, Region.HELSE_VEST),
    ("St. Olavs hospital", R, Region.HELSE_MIDT_NORGE),
    ("Helse Møre og Romsdal", R, Region.HELSE_MIDT_NORGE),
    ("Helse Nord-Trøndelag", R, Region.HELSE_MIDT_NORGE),
    ("Universitetssykehuset Nord-Norge", R, Region.HELSE_NORD),
    ("Nordlandssykehuset", R, Region.HELSE_NORD),
    ("Helgelandssykehuset", R, Region.HELSE_NORD),
    ("Finnmarkssykehuset", R, Region.HELSE_NORD),
    ("Grünerløkka legesenter", GP, None),
    ("Sentrum legekontor, Bergen", GP, None),
    ("Midtbyen legesenter, Trondheim", GP, None),
    ("Tromsø legesenter", GP, None),
    ("Guovdageainnu dearvvašvuođaguovddáš / Kautokeino legekontor", GP, None),
    ("Lillehammer legesenter", GP, None),
    ("Bodø legesenter", GP, None),
    ("Hjemmesykepleien, Oslo kommune", MUNI, None),
    ("Helsestasjonen, Bergen kommune", MUNI, None),
    ("Fysioterapitjenesten, Trondheim kommune", MUNI, None),
    ("Hjemmetjenesten, Tromsø kommune", MUNI, None),
    ("Psykisk helsetjeneste, Kautokeino kommune", MUNI, None),
    ("Tildelingskontoret, Bodø kommune", MUNI, None),
    ("HUNT – Helseundersøkelsen i Trøndelag", RES, None),
    ("Tromsøundersøkelsen", RES, None),
    ("Den norske mor, far og barn-undersøkelsen", RES, None),
    ("Kreftregisterets screeningprogram", RES, None),
]

#: How a sender kind's items split over categories (each allowed by app.inbox.rules).
CATEGORY_MIX = {
    R: ((Category.LETTER, 0.70), (Category.MESSAGE, 0.22), (Category.FORM_RECEIPT, 0.08)),
    GP: ((Category.MESSAGE, 0.85), (Category.FORM_RECEIPT, 0.15)),
    MUNI: ((Category.MESSAGE, 0.85), (Category.FORM_RECEIPT, 0.15)),
    RES: ((Category.RESEARCH, 0.85), (Category.FORM_RECEIPT, 0.15)),
}
#: Share of a patient's items by sender kind.
KIND_SHARE = ((R, 0.45), (GP, 0.30), (MUNI, 0.17), (RES, 0.08))

SUBJECTS = {
    Category.LETTER: [
        "Innkalling til poliklinisk time",
        "Svar på henvisning",
        "Epikrise",
        "Endring av time",
        "Innkalling til operasjon",
        "Informasjon før innleggelse",
    ],
    Category.MESSAGE: [
        "Prøvesvar",
        "Spørsmål om medisiner",
        "Fornyelse av resept",
        "Endret besøkstid",
        "Timebestilling",
        "Sykmelding",
        "Spørsmål om behandling",
    ],
    Category.RESEARCH: [
        "Invitasjon til helseundersøkelse",
        "Påminnelse: spørreskjema",
        "Resultater fra undersøkelsen",
        "Invitasjon til screening",
    ],
    Category.FORM_RECEIPT: [
        "Kvittering: skjema mottatt",
        "Kvittering: egenerklæring mottatt",
        "Kvittering: søknad mottatt",
    ],
}
PARAGRAPHS = [
    "Du har fått time ved poliklinikken. Møt opp i resepsjonen i 1. etasje 15 minutter før timen, "
    "og ta med gyldig legitimasjon og en oversikt over medisinene du bruker.",
    "Dersom du ikke kan komme, må du gi beskjed senest 24 timer før timen. Timer som ikke blir "
    "avbestilt, blir fakturert etter gjeldende regler for egenandel.",
    "Vi har mottatt henvisningen din og vurdert den. Du har rett til nødvendig helsehjelp i "
    "spesialisthelsetjenesten, og behandlingen skal starte innen fristen som er satt.",
    "Blodprøvene dine er innenfor normalområdet. Ta kontakt med legekontoret hvis du har spørsmål "
    "eller om plagene dine endrer seg.",
    "Fra neste uke kommer hjemmesykepleien mellom kl. 09 og 10 om formiddagen. Gi beskjed dersom "
    "tidspunktet ikke passer for deg.",
    "Du er invitert til å delta i helseundersøkelsen. Deltakelse er frivillig, og du kan når som "
    "helst trekke deg uten å oppgi grunn. Opplysningene blir behandlet konfidensielt.",
    "Go don leat ožžon reivve buohcciviesus, de oainnát dan sisboksastat go leat logaheapmán.",
]
REPLIES = [
    "Takk for beskjed, det passer fint.",
    "Kan jeg få en ny time neste uke?",
    "Jeg har fortsatt vondt. Bør jeg komme inn til kontroll?",
    "Takk, da ses vi.",
]
PDF = minimal_pdf("Innkalling til poliklinisk time")


class BenchError(RuntimeError):
    """Something that stops the benchmark, said in a sentence for the user."""


# ---- statistics -------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of all at or below it."""
    if not values:
        raise ValueError("no values")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclasses.dataclass
class Timing:
    operation: str
    millis: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.millis)

    @property
    def p95(self) -> float:
        return percentile(self.millis, 0.95)


# ---- the population ---------------------------------------------------------------------


def items_per_patient(patients: int, items: int, big: int, rng: random.Random) -> list[int]:
    """Item counts for each patient: the first has ``big``, the others share the rest unevenly
    (a log-normal spread, as in a real population: many small inboxes, a few large)."""
    if patients < 1:
        raise ValueError("there must be at least one patient")
    if not 0 < big <= items:
        raise ValueError("the big inbox must hold at least one item and no more than all items")
    rest = items - big
    if patients == 1:
        if rest:
            raise ValueError("with one patient, the big inbox holds every item")
        return [big]
    weights = [rng.lognormvariate(0, 0.8) for _ in range(patients - 1)]
    total = sum(weights)
    counts = [int(rest * w / total) for w in weights]
    for i in rng.sample(range(patients - 1), rest - sum(counts)):
        counts[i] += 1
    if max(counts, default=0) > big:
        raise ValueError(
            f"the big inbox ({big}) must be the largest; give it more items or give the others fewer"
        )
    return [big, *counts]


def national_ids(count: int) -> list[str]:
    """``count`` distinct valid test identity numbers (born 1940–1999)."""
    found = []
    serial = 0
    while len(found) < count:
        day, month, year = 1 + serial % 28, 1 + serial // 28 % 12, 40 + serial // 336 % 60
        individual = serial // 20160
        if individual > 499:
            raise ValueError("too many patients for the identity number generator")
        number = with_check_digits(f"{day:02d}{month:02d}{year:02d}{individual:03d}")
        if number:
            found.append(number)
        serial += 1
    return found


def _body(rng: random.Random, category: Category, patient_name: str) -> tuple[str, BodyFormat]:
    """A body of a realistic size: hospital letters 1.5–4 KB of HTML, messages a few hundred
    characters to 1.5 KB of text, receipts a couple of sentences."""
    if category is Category.LETTER:
        paragraphs = [f"<h2>Til {patient_name}</h2>"]
        while sum(map(len, paragraphs)) < rng.randint(1500, 4000):
            paragraphs.append(f"<p>{rng.choice(PARAGRAPHS)}</p>")
        return "\n".join(paragraphs), BodyFormat.HTML
    if category is Category.FORM_RECEIPT:
        return f"Hei {patient_name}. Vi har mottatt skjemaet ditt. {PARAGRAPHS[3]}", BodyFormat.TEXT
    paragraphs = [f"Hei {patient_name}."]
    while sum(map(len, paragraphs)) < rng.randint(200, 1500):
        paragraphs.append(rng.choice(PARAGRAPHS))
    return "\n\n".join(paragraphs), BodyFormat.TEXT


def _pick(rng: random.Random, weighted):
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


@dataclasses.dataclass
class Population:
    """Rows to insert, with ids assigned here so threads, items and attachments link up."""

    organisations: list[dict]
    patients: list[dict]
    threads: list[dict]
    items: list[dict]
    attachments: list[dict]


def population(patients: int, items: int, big: int, now: dt.datetime, seed: int = 2026) -> Population:
    rng = random.Random(seed)
    organisations = [
        {"id": i, "name": name, "kind": kind, "region": region, "token_hash": None}
        for i, (name, kind, region) in enumerate(ORGANISATIONS, 1)
    ]
    by_kind = {kind: [o for o in organisations if o["kind"] is kind] for kind in CATEGORY_MIX}
    names = ["Kari Nordmann", "Ola Nordmann", "Áile Somby", "Emma Hansen", "Nils Ánde Gaup", "Ingrid Berg"]
    # Nine in ten are portal users: a delivery to them is announced (app/dispatch/outbox.py).
    patient_rows = [
        {
            "id": i,
            "national_id": number,
            "name": f"{names[i % len(names)]} {i}",
            "portal_user_since": now - dt.timedelta(days=30) if i % 10 else None,
        }
        for i, number in enumerate(national_ids(patients), 1)
    ]
    out = Population(organisations, patient_rows, [], [], [])
    span = dt.timedelta(days=365 * YEARS).total_seconds()

    for patient, count in zip(patient_rows, items_per_patient(patients, items, big, rng), strict=True):
        # Each patient has one GP, hospitals mostly in one region, and a few services and surveys.
        hospitals = by_kind[R]
        region = rng.choice(list(Region))
        home = [o for o in hospitals if o["region"] is region]
        senders = {
            R: rng.sample(home, min(len(home), rng.randint(1, 3))) + rng.sample(hospitals, 1),
            GP: [rng.choice(by_kind[GP])],
            MUNI: rng.sample(by_kind[MUNI], rng.randint(1, 3)),
            RES: rng.sample(by_kind[RES], rng.randint(1, 2)),
        }
        # Someone with thousands of letters has met many more services over the years.
        for other in rng.sample(organisations, min(len(organisations), count // 1000)):
            if other not in senders[other["kind"]]:
                senders[other["kind"]].append(other)
        made = 0
        while made < count:
            org = rng.choice(senders[_pick(rng, KIND_SHARE)])
            category = _pick(rng, CATEGORY_MIX[org["kind"]])
            subject = rng.choice(SUBJECTS[category])
            # Newer items are more common than old ones: use grew over the years.
            sent = now - dt.timedelta(seconds=span * rng.random() ** 1.5)
            thread_id = len(out.threads) + 1
            out.threads.append(
                {
                    "id": thread_id,
                    "patient_id": patient["id"],
                    "organisation_id": org["id"],
                    "subject": subject,
                }
            )
            length = 1
            if category is Category.MESSAGE:
                length = rng.choice((1, 1, 1, 2, 2, 3, 4, 5))
            elif category is Category.LETTER:
                length = rng.choice((1, 1, 1, 1, 2))
            for position in range(min(length, count - made)):
                # Conversations alternate: the patient answers a service's message.
                from_patient = category is Category.MESSAGE and position % 2 == 1
                if position:
                    sent = min(now, sent + dt.timedelta(hours=rng.uniform(1, 72)))
                    subject_here = f"Re: {subject}"
                else:
                    subject_here = subject
                if from_patient:
                    body, body_format = rng.choice(REPLIES), BodyFormat.TEXT
                else:
                    body, body_format = _body(rng, category, patient["name"])
                recent = now - sent < dt.timedelta(days=30)
                read = from_patient or rng.random() < (0.5 if recent else 0.97)
                item_id = len(out.items) + 1
                out.items.append(
                    {
                        "id": item_id,
                        "patient_id": patient["id"],
                        "organisation_id": org["id"],
                        "thread_id": thread_id,
                        "category": category,
                        "subject": subject_here,
                        "body": body,
                        "body_format": body_format,
                        "from_patient": from_patient,
                        "sent_at": sent,
                        "created_at": sent,
                        "read_at": (sent if from_patient else sent + dt.timedelta(hours=rng.uniform(0.1, 96)))
                        if read
                        else None,
                        # Sender systems deliver with an idempotency key; the patient's own replies have none.
                        "idempotency_key": None if from_patient else f"bench-{item_id}",
                        "request_fingerprint": None
                        if from_patient
                        else hashlib.sha256(str(item_id).encode()).hexdigest(),
                    }
                )
                if category is Category.LETTER and position == 0 and rng.random() < 0.4:
                    out.attachments.append(
                        {
                            "id": len(out.attachments) + 1,
                            "item_id": item_id,
                            "filename": "brev.pdf",
                            "content_type": "application/pdf",
                            "size": len(PDF),
                            "data": PDF,
                        }
                    )
                made += 1
    return out


# ---- databases --------------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="innboks-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


@contextmanager
def postgresql_database(server_url: str) -> Iterator[str]:
    """A new database on the server, dropped afterwards whatever happens."""
    name = f"innboks_bench_{os.getpid()}"
    try:
        server = make_url(server_url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError; any parse failure is the user's input
        raise BenchError(f"--postgresql-url {server_url!r} is not a database URL: {exc}") from None
    if not server.drivername.startswith("postgresql"):
        raise BenchError(f"--postgresql-url must be a postgresql:// URL, not {server_url!r}")
    admin = make_engine(server_url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        raise BenchError(
            f"cannot create a benchmark database on {server.render_as_string()}: {str(exc.orig).strip()}"
        ) from None
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _insert(engine: Engine, table, rows: list[dict], batch: int = 2000) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), batch):
            connection.execute(insert(table), rows[start : start + batch])


def log_entries(rows: Population, count: int, now: dt.datetime, seed: int = 7) -> Iterator[list[dict]]:
    """``count`` access-log entries in batches, each a read of a random item: mostly by the
    patient, some by a sender's system; so a patient's share of the log is that of the items."""
    rng = random.Random(seed)
    items = [(i["id"], i["patient_id"], i["organisation_id"]) for i in rows.items]
    span = dt.timedelta(days=365 * YEARS).total_seconds()
    batch: list[dict] = []
    for entry_id in range(1, count + 1):
        item_id, patient_id, organisation_id = rng.choice(items)
        system = rng.random() < 0.1
        batch.append(
            {
                "id": entry_id,
                "at": now - dt.timedelta(seconds=span * (1 - entry_id / count)),
                "patient_id": patient_id,
                "actor_id": None if system else patient_id,
                "role": "sender_system" if system else "patient",
                "organisation_id": organisation_id if system else None,
                "what": What.ITEM,
                "item_id": item_id,
            }
        )
        if len(batch) == 10_000:
            yield batch
            batch = []
    if batch:
        yield batch


def fill(engine: Engine, rows: Population, log: Iterator[list[dict]] | None = None) -> None:
    """Bulk-insert the population with SQLAlchemy core, then let the planner see it."""
    for table, data in (
        (Organisation.__table__, rows.organisations),
        (Patient.__table__, rows.patients),
        (Thread.__table__, rows.threads),
        (Item.__table__, rows.items),
        (Attachment.__table__, rows.attachments),
    ):
        _insert(engine, table, data)
    for batch in log or ():
        _insert(engine, AccessLogEntry.__table__, batch)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            # Ids were given explicitly; the sequences must continue after them.
            for table in ("organisation", "patient", "thread", "item", "attachment", "access_log"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    )
                )
            connection.execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))


def issue_tokens(engine: Engine) -> dict[int, tuple[OrganisationKind, str]]:
    """A fresh API token for every organisation, as an operator would issue them."""
    with Session(engine) as db:
        tokens = {org.id: (org.kind, issue_token(db, org)) for org in db.query(Organisation).all()}
        db.commit()
    return tokens


def server_version(engine: Engine) -> str:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            return "PostgreSQL " + connection.execute(text("SHOW server_version")).scalar().split()[0]
        return "SQLite " + connection.execute(text("SELECT sqlite_version()")).scalar()


# ---- measuring --------------------------------------------------------------------------

_OLDER = re.compile(r'<a href="([^"]+)" rel="next">')
_ITEM_LINK = re.compile(r'href="/[a-z]{2}/innboks/(\d+)/"')


def _get(client, url: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = client.get(url)
    body = response.get_data(as_text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200")
    return elapsed, body


def _repeat(client, operation: str, urls: list[str], requests: int, warmup: int = 3) -> Timing:
    """``requests`` timed GETs cycling through ``urls``, after a few untimed ones."""
    for i in range(warmup):
        _get(client, urls[i % len(urls)])
    return Timing(operation, [_get(client, urls[i % len(urls)])[0] for i in range(requests)])


def measure_inbox(
    client, big_patient: dict, big_senders: list[int], big_items: int, requests: int
) -> list[Timing]:
    with client.session_transaction() as session:
        session.update(web_sessions.signed_in(big_patient["id"]))
    timings = [
        _repeat(client, "inbox first page", [f"/{lang}/innboks/" for lang in LANGS], requests),
        _repeat(
            client, "inbox by category", [f"/nb/innboks/?category={c.value}" for c in Category], requests
        ),
        _repeat(client, "inbox by sender", [f"/nb/innboks/?sender={s}" for s in big_senders], requests),
    ]

    # Follow 'Older' from the first page to the last, as a patient paging back would.
    walk, seen, url = [], [], "/nb/innboks/"
    _, body = _get(client, url)
    seen += _ITEM_LINK.findall(body)
    while (older := _OLDER.search(body)) is not None:
        url = older.group(1).replace("&amp;", "&")
        elapsed, body = _get(client, url)
        walk.append(elapsed)
        seen += _ITEM_LINK.findall(body)
    if len(seen) != big_items or len(set(seen)) != big_items:
        raise BenchError(
            f"following 'Older' showed {len(set(seen))} different items of {len(seen)} "
            f"listed; the patient has {big_items}"
        )
    if walk:
        timings.append(Timing(f"inbox older pages (all {len(walk)})", walk))
        timings.append(_repeat(client, f"inbox deepest page ({len(walk) + 1})", [url], requests))
    # Opening an item writes its access-log entry in the same transaction.
    opened = [f"/nb/innboks/{item_id}/" for item_id in dict.fromkeys(seen)][:requests]
    timings.append(_repeat(client, "item page (logged)", opened, requests))
    return timings


def measure_log(client, requests: int) -> list[Timing]:
    """The patient's access-log page: first, by who looked, and ten 'Older' pages back."""
    _, body = _get(client, "/nb/innboks/logg/")
    who = re.findall(r'<option value="([po]\d+)"', body)
    timings = [
        _repeat(client, "log first page", ["/nb/innboks/logg/", "/en/innboks/logg/"], requests),
        _repeat(client, "log by who looked", [f"/nb/innboks/logg/?who={w}" for w in who], requests),
    ]
    url, walk = "/nb/innboks/logg/", []
    for _ in range(10):
        older = _OLDER.search(body)
        if older is None:
            break
        url = older.group(1).replace("&amp;", "&")
        elapsed, body = _get(client, url)
        walk.append(elapsed)
    timings.append(_repeat(client, "log 11th page", [url], requests))
    return timings


def delivery_payload(rng: random.Random, kind: OrganisationKind, national_id: str) -> dict:
    category = _pick(rng, CATEGORY_MIX[kind])
    body, body_format = _body(rng, category, "Kari Nordmann")
    payload = {
        "recipient": {"national_id": national_id},
        "category": category.value,
        "subject": rng.choice(SUBJECTS[category]),
        "body": {"format": body_format.value, "content": body},
    }
    if category is Category.LETTER and rng.random() < 0.4:
        payload["attachments"] = [
            {
                "filename": "innkalling.pdf",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(PDF).decode(),
            }
        ]
    return payload


def measure_delivery(
    client, tokens: dict, patients: list[dict], requests: int, rng: random.Random, warmup: int = 3
) -> Timing:
    senders = list(tokens.values())
    millis = []
    for i in range(warmup + requests):
        kind, token = rng.choice(senders)
        payload = json.dumps(delivery_payload(rng, kind, rng.choice(patients)["national_id"]))
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"bench-api-{secrets.token_hex(8)}"}
        started = time.perf_counter()
        response = client.post(
            "/api/v1/items", data=payload, content_type="application/json", headers=headers
        )
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 201:
            raise BenchError(
                f"POST /api/v1/items answered {response.status_code}, not 201: "
                f"{response.get_data(as_text=True)[:300]}"
            )
        if i >= warmup:
            millis.append(elapsed)
    return Timing("api delivery", millis)


@dataclasses.dataclass
class Result:
    database: str
    version: str
    migrate_seconds: float
    generate_seconds: float
    fill_seconds: float
    timings: list[Timing]


def run_one(kind: str, url: str, site_dir: Path, args) -> Result:
    from app.flask_inbox import create_app

    started = time.perf_counter()
    migrations.upgrade(url)
    migrated = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    rows = population(args.patients, args.items, args.big, now)
    generated = time.perf_counter()
    engine = make_engine(url)
    try:
        fill(engine, rows, log_entries(rows, args.log_entries, now))
        filled = time.perf_counter()
        tokens = issue_tokens(engine)
        version = server_version(engine)
    finally:
        engine.dispose()
    big = rows.patients[0]
    big_senders = sorted({i["organisation_id"] for i in rows.items if i["patient_id"] == big["id"]})
    patients = rows.patients
    # The generated rows are a million Python objects a real server would not hold; every full
    # garbage collection would walk them and show up as a 100+ ms request.
    del rows
    gc.collect()

    app = create_app(
        {
            "INNBOKS_ENV": "test",
            "TESTING": False,
            "DEV_LOGIN": False,
            "SECRET_KEY": secrets.token_hex(16),
            "DATABASE_URL": url,
            "SITE_DIR": str(site_dir),
            "INBOX_PAGE_SIZE": PAGE_SIZE,
        }
    )
    try:
        client = app.test_client()
        timings = measure_inbox(client, big, big_senders, args.big, args.requests)
        timings += measure_log(client, args.requests)
        timings.append(measure_delivery(client, tokens, patients, args.requests, random.Random(7)))
    finally:
        app.extensions["innboks.db"].kw["bind"].dispose()
    return Result(kind, version, migrated - started, generated - migrated, filled - generated, timings)


# ---- the command ------------------------------------------------------------------------


def report(result: Result, args) -> str:
    lines = [
        f"{result.database} ({result.version}): "
        f"schema by Alembic migrations in {result.migrate_seconds:.1f} s; "
        f"rows generated in {result.generate_seconds:.1f} s; "
        f"fill {args.items:,} items in {result.fill_seconds:.1f} s "
        f"({args.items / result.fill_seconds:,.0f} items/s, bulk inserts + ANALYZE; "
        f"with {getattr(args, 'log_entries', 0):,} access-log entries)",
        f"  {'operation':<32}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}",
    ]
    for t in result.timings:
        lines.append(
            f"  {t.operation:<32}{len(t.millis):>9}{t.median:>11.1f}{t.p95:>9.1f}{max(t.millis):>9.1f}"
        )
    lines.append(f"  machine load average (1 min) after the run: {os.getloadavg()[0]:.1f}")
    for name, prefixes in (("inbox page", ("inbox",)), ("item and log page", ("item", "log"))):
        pages = [t for t in result.timings if t.operation.startswith(prefixes)]
        if not pages:
            continue
        worst = max(pages, key=lambda t: t.p95)
        verdict = "met" if worst.p95 < TARGET_P95_MS else "MISSED"
        lines.append(
            f"  {name} p95 target < {TARGET_P95_MS:.0f} ms: {verdict} "
            f"(worst p95 {worst.p95:.1f} ms: {worst.operation})"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(prog="python -m bench.inbox", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=10_000, help="items of the patient whose inbox is timed")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per operation")
    parser.add_argument("--log-entries", type=int, default=1_000_000, help="access-log entries to fill")
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("INNBOKS_BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL_URL),
        help="a PostgreSQL server to create the benchmark database on "
        f"(default $INNBOKS_BENCH_POSTGRESQL_URL or {DEFAULT_POSTGRESQL_URL})",
    )
    parser.add_argument(
        "--site-dir",
        type=Path,
        help="a built help site (python -m app.helpsite build); default: build one now",
    )
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if args.site_dir is not None and not (args.site_dir / "nb" / "innboks" / "index.html").is_file():
        parser.error(f"--site-dir {args.site_dir} is not a built site (no nb/innboks/index.html)")
    try:
        items_per_patient(args.patients, args.items, args.big, random.Random(2026))
    except ValueError as exc:
        parser.error(f"--patients {args.patients} --items {args.items} --big {args.big}: {exc}")
    return args


def _stop(signum, _frame):
    # So a killed run still drops its PostgreSQL database (the context managers' finally).
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    print(
        f"Inbox benchmark {dt.date.today().isoformat()}: {args.patients:,} patients, {args.items:,} items, "
        f"the timed inbox holds {args.big:,}; {len(ORGANISATIONS)} organisations; {args.requests} timed "
        f"requests per operation after 3 untimed.\nIn-process Flask test client (whole WSGI app, no HTTP "
        f"server); Python {platform.python_version()}, {os.cpu_count()} CPUs, load average (1 min) "
        f"{os.getloadavg()[0]:.1f} at the start.",
        flush=True,
    )
    try:
        with tempfile.TemporaryDirectory(prefix="innboks-bench-site-") as scratch:
            site_dir = args.site_dir or _build_site(Path(scratch) / "site")
            for kind in kinds:
                database = sqlite_database() if kind == "sqlite" else postgresql_database(args.postgresql_url)
                with database as url:
                    print(report(run_one(kind, url, site_dir, args), args), flush=True)
    except BenchError as exc:
        print(f"bench.inbox: {exc}", file=sys.stderr)
        return 1
    return 0


def _build_site(site_dir: Path) -> Path:
    from app.helpsite.build import build_site

    build_site(PROJECT_ROOT / "mkdocs.yml", site_dir)
    return site_dir


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(main())
