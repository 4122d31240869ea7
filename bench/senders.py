"""The inbox's sender filter at any inbox size: ``python -m bench.senders``.

Fills a database per engine (SQLite, and PostgreSQL on ``--postgresql-url``) with
160,000 items, one patient holding 100,000 of them, and times the query behind the
filter both ways for that patient and for one with about 1,000: ``SELECT DISTINCT
organisation_id … WHERE patient_id = ?`` (reads every index entry of the patient) and
the loose index scan the inbox uses (``app.db.distinct_values``, one probe per
sender). Medians of 30 runs after one untimed, in ms. It times the query alone, not the
page (``bench.inbox`` times pages).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import migrations
from app.arguments import ArgumentParser
from app.db import distinct_values, make_engine
from app.inbox.models import Item
from bench import inbox as bench


def _median_ms(query, runs: int = 30) -> float:
    query()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(url: str, label: str, items: int, big: int) -> list[str]:
    migrations.upgrade(url)
    rows = bench.population(60, items, big, dt.datetime.now(dt.UTC))
    counts = Counter(item["patient_id"] for item in rows.items)
    small = min(counts, key=lambda patient: abs(counts[patient] - 1000))
    engine = make_engine(url)
    lines = []
    try:
        bench.fill(engine, rows)
        with Session(engine) as db:
            for patient in (small, rows.patients[0]["id"]):

                def distinct(patient=patient):
                    return list(
                        db.scalars(select(Item.organisation_id).where(Item.patient_id == patient).distinct())
                    )

                def loose(patient=patient):
                    return distinct_values(db, "item", "organisation_id", "patient_id", patient)

                if sorted(distinct()) != sorted(loose()):
                    raise SystemExit(f"{label}: the two queries disagree for patient {patient}")
                lines.append(
                    f"{label}: patient with {counts[patient]:,} items: SELECT DISTINCT "
                    f"{_median_ms(distinct):.2f} ms, loose index scan {_median_ms(loose):.2f} ms"
                )
    finally:
        engine.dispose()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m bench.senders", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--items", type=int, default=160_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--postgresql-url", default=bench.DEFAULT_POSTGRESQL_URL)
    args = parser.parse_args(argv)
    if args.database in ("sqlite", "both"):
        with bench.sqlite_database() as url:
            print("\n".join(measure(url, "SQLite", args.items, args.big)), flush=True)
    if args.database in ("postgresql", "both"):
        with bench.postgresql_database(args.postgresql_url) as url:
            print("\n".join(measure(url, "PostgreSQL", args.items, args.big)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
