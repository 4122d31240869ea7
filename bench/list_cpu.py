"""The inbox list page's CPU time in-process: ``python -m bench.list_cpu``.

Fills a SQLite database as ``bench.inbox`` does (200 patients, 12,000 items, one patient
with 10,000 by default), signs that patient in, and times ``GET /nb/innboks/`` (25 items a
page) through the Flask test client with ``time.process_time`` per request: the CPU the
whole WSGI app spends on a page, which the machine's other work disturbs far less than
wall time. The app's clock moves on ``--seconds-between`` (15) before each request, as
between a real patient's pages, so one request in four writes the patient's activity to
the session store (web_sessions.ACTIVITY_STEP_SECONDS); ``--seconds-between 0`` keeps the
real clock, and almost no request writes. Prints the median and mean over
``--requests`` after a few untimed ones;
``--profile FILE`` writes a cProfile of the timed requests (``python -m pstats FILE``).

``--database FILE`` keeps the filled database (made if missing, reused if there), so two
checkouts can be timed on the same data one after the other. ``--database-url URL`` times
the page on that database instead (PostgreSQL, say), filled first if it holds no patients.
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime as dt
import gc
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import ArgumentError, DBAPIError

from app import clock, migrations, web_sessions
from app.arguments import ArgumentParser
from app.db import make_engine
from bench import inbox as bench

TARGET_MS = 4.0


def filled_database(url: str, args) -> None:
    """Migrate and fill the database at ``url`` unless an earlier run did."""
    try:
        migrations.upgrade(url)
        engine = make_engine(url)
    except (ArgumentError, DBAPIError) as exc:
        raise bench.BenchError(f"cannot use the database {url!r}: {str(exc).splitlines()[0]}") from None
    try:
        with engine.connect() as connection:
            if connection.scalar(text("SELECT count(*) FROM patient")):
                return
        bench.fill(engine, bench.population(args.patients, args.items, args.big, dt.datetime.now(dt.UTC)))
    finally:
        engine.dispose()


def measure(
    database_url: str,
    site_dir: Path,
    url: str,
    requests: int,
    warmup: int,
    profile: Path | None,
    between: int,
):
    from app.flask_inbox import create_app

    app = create_app(
        {
            "INNBOKS_ENV": "test",
            "TESTING": False,
            "DEV_LOGIN": False,
            "SECRET_KEY": secrets.token_hex(16),
            "DATABASE_URL": database_url,
            "SITE_DIR": str(site_dir),
            "INBOX_PAGE_SIZE": bench.PAGE_SIZE,
        }
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(web_sessions.signed_in(1))  # the first patient holds --big items
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise bench.BenchError(f"GET {url} answered {response.status_code}, not 200")
    gc.collect()
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU, as the figure
    millis = []
    start = clock.now()
    for i in range(requests):
        moment = start + dt.timedelta(seconds=between * (i + 1))
        with clock.frozen_at(moment) if between else contextlib.nullcontext():
            if profiler:
                profiler.enable()
            started = time.process_time()
            response = client.get(url)
            response.get_data()
            millis.append((time.process_time() - started) * 1000)
            if profiler:
                profiler.disable()
        if response.status_code != 200:
            raise bench.BenchError(f"GET {url} answered {response.status_code}, not 200")
    if profiler:
        profiler.dump_stats(profile)
    app.extensions["innboks.db"].kw["bind"].dispose()
    return millis


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m bench.list_cpu", description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--items", type=int, default=12_000)
    parser.add_argument("--big", type=int, default=10_000, help="items of the signed-in patient")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--url", default="/nb/innboks/")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database", type=Path, help="a SQLite file to keep (filled if missing)")
    where.add_argument(
        "--database-url", help="a database of the benchmark's own: migrated, and filled if it has no patients"
    )
    parser.add_argument("--site-dir", type=Path, help="a built help site (default: build one now)")
    parser.add_argument(
        "--seconds-between", type=int, default=15, help="the app's clock between requests (0: the real clock)"
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed requests here")
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if args.seconds_between < 0:
        parser.error("--seconds-between cannot be negative")
    if args.requests * args.seconds_between >= 8 * 3600:
        parser.error("--requests times --seconds-between must stay under a session's 8 hours")
    try:
        with tempfile.TemporaryDirectory(prefix="innboks-list-cpu-") as scratch:
            database_url = (
                args.database_url or f"sqlite:///{args.database or Path(scratch) / 'bench.sqlite3'}"
            )
            filled_database(database_url, args)
            site_dir = args.site_dir or bench._build_site(Path(scratch) / "site")
            millis = measure(
                database_url,
                site_dir,
                args.url,
                args.requests,
                args.warmup,
                args.profile,
                args.seconds_between,
            )
    except bench.BenchError as exc:
        print(f"bench.list_cpu: {exc}", file=sys.stderr)
        return 1
    median = statistics.median(millis)
    print(
        f"GET {args.url}: CPU per request median {median:.2f} ms, mean {statistics.fmean(millis):.2f} ms, "
        f"p95 {bench.percentile(millis, 0.95):.2f} ms over {len(millis)} requests "
        f"(target {TARGET_MS:g} ms: {'met' if median <= TARGET_MS else 'not met'}); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
