"""Sending through the outbox: ``python -m bench.dispatch --database-url postgresql://…``.

Fills the outbox with ``--n`` routed e-mail notifications (one patient and item each, as
the worker leaves them after routing), starts a real SMTP server on loopback (aiosmtpd,
in this process) and ``flask --app app.flask_inbox deliver`` workers as separate
processes, and times until every dispatch has its final status. Worker counts are run
interleaved (1, 2, 4, 1, 2, 4, …) for ``--rounds`` rounds, and each figure is the
median over rounds: e-mails per second (wall) and the workers' CPU time per e-mail
(user + system, from each worker's rusage). The SMTP server and this process run on
the same machine and take CPU from the workers; their CPU time is printed too.

What it does not cover: routing (a contact-register lookup per dispatch, over HTTP in
production), SMS and letters, and a remote SMTP relay's latency. The same functions
fill the outbox for tests/dispatch/test_worker_crashes.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from app import migrations, models  # noqa: F401 -- every table, for drop_all
from app.arguments import ArgumentParser
from app.config import PROJECT_ROOT
from app.db import Base, application_name, make_engine
from app.dispatch.channels import Kind
from app.dispatch.models import Dispatch, DispatchEvent, DispatchItem, Purpose, Status
from app.identity.fodselsnummer import with_check_digits
from app.inbox.models import BodyFormat, Category, Item, Thread
from app.organisations.models import Organisation, OrganisationKind
from app.patients.models import Patient

FLASK = Path(sys.executable).parent / "flask"


def national_ids(n: int, salt: int) -> list[str]:
    found: list[str] = []
    serial = salt * 1_000_000
    while len(found) < n:
        serial += 1
        day, rest = divmod(serial, 1000)
        number = with_check_digits(
            f"{1 + day % 28:02d}{1 + day // 28 % 12:02d}{50 + day // 336 % 40:02d}{rest:03d}"
        )
        if number:
            found.append(number)
    return found


def fill(engine: Engine, n: int, at: dt.datetime | None = None, *, marked: bool = False) -> list[int]:
    """``n`` routed e-mail notifications, due now; their ids. ``marked``: instead, ``n`` new
    messages to ``n`` portal users, marked for the outbox as a delivery leaves them (for the
    worker to collect and route); the patients' ids."""
    now = at or dt.datetime.now(dt.UTC)
    salt = secrets.randbelow(900) + 1
    with engine.begin() as db:
        org = db.execute(
            insert(Organisation)
            .values(name="Legekontoret", kind=OrganisationKind.GP)
            .returning(Organisation.id)
        ).scalar_one()
        ids = national_ids(n, salt)
        patient_ids = (
            db.execute(
                insert(Patient).returning(Patient.id, sort_by_parameter_order=True),
                [
                    {"national_id": nid, "name": f"Pasient {i}", "portal_user_since": now}
                    for i, nid in enumerate(ids)
                ],
            )
            .scalars()
            .all()
        )
        thread_ids = (
            db.execute(
                insert(Thread).returning(Thread.id, sort_by_parameter_order=True),
                [{"patient_id": p, "organisation_id": org, "subject": "Svar"} for p in patient_ids],
            )
            .scalars()
            .all()
        )
        item_ids = (
            db.execute(
                insert(Item).returning(Item.id, sort_by_parameter_order=True),
                [
                    {
                        "patient_id": p,
                        "organisation_id": org,
                        "thread_id": t,
                        "category": Category.MESSAGE,
                        "subject": "Svar på blodprøve",
                        "body": "Tekst",
                        "body_format": BodyFormat.TEXT,
                        "from_patient": False,
                        "sent_at": now,
                        "created_at": now,
                        "dispatch_pending": marked,
                    }
                    for p, t in zip(patient_ids, thread_ids, strict=True)
                ],
            )
            .scalars()
            .all()
        )
        if marked:
            return list(patient_ids)
        dispatch_ids = (
            db.execute(
                insert(Dispatch).returning(Dispatch.id, sort_by_parameter_order=True),
                [
                    {
                        "patient_id": p,
                        "purpose": Purpose.NOTIFICATION,
                        "status": Status.CREATED,
                        "final": False,
                        "channel": Kind.EMAIL,
                        "fallbacks": "",
                        "address": json.dumps({"email": f"p{p}@example.org"}),
                        "language": "nb",
                        "not_before": now,
                        "attempts": 0,
                        "idempotency_key": secrets.token_hex(16),
                        "created_at": now,
                        "updated_at": now,
                    }
                    for p in patient_ids
                ],
            )
            .scalars()
            .all()
        )
        db.execute(
            insert(DispatchItem),
            [{"dispatch_id": d, "item_id": i} for d, i in zip(dispatch_ids, item_ids, strict=True)],
        )
        db.execute(
            insert(DispatchEvent),
            [{"dispatch_id": d, "at": now, "status": Status.CREATED, "detail": ""} for d in dispatch_ids],
        )
    return list(dispatch_ids)


def open_count(engine: Engine) -> int:
    """Dispatches not yet final, and marked items not yet collected."""
    with engine.connect() as db:
        dispatches = db.scalar(select(func.count()).select_from(Dispatch).where(Dispatch.final.is_(False)))
        marked = db.scalar(select(func.count()).select_from(Item).where(Item.dispatch_pending.is_(True)))
        return (dispatches or 0) + (marked or 0)


def empty_outbox(engine: Engine) -> None:
    with engine.begin() as db:
        for table in (DispatchEvent, DispatchItem, Dispatch):
            db.execute(delete(table))


def worker_command(batch: int = 50, lease_seconds: float = 60) -> list[str]:
    return [
        str(FLASK), "--app", "app.flask_inbox", "deliver", "--quiet",
        "--batch", str(batch), "--lease-seconds", str(lease_seconds), "--idle-seconds", "0.05",
    ]  # fmt: skip


def worker_env(database_url: str, smtp_url: str, instance: Path, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        **more,
        "INNBOKS_ENV": "test",
        "INNBOKS_DATABASE_URL": database_url,
        "INNBOKS_SMTP_URL": smtp_url,
        "INNBOKS_SECRET_KEY": secrets.token_urlsafe(48),
        "INNBOKS_INSTANCE_PATH": str(instance),
    }


class Worker(subprocess.Popen):
    """A ``flask deliver`` process writing its stderr to a file: a pipe that nobody reads
    while the worker runs fills up, and the worker then waits on it for ever."""

    def __init__(self, command: list[str], log: Path, **options) -> None:
        self.log = log
        with log.open("ab") as stderr:
            super().__init__(command, stdout=subprocess.DEVNULL, stderr=stderr, **options)

    def said(self) -> str:
        """The end of what it wrote: a worker's last words are what say why it stopped."""
        return self.log.read_text(errors="replace").strip()[-2000:]


def start_worker(
    database_url: str, smtp_url: str, instance: Path, env: dict[str, str] | None = None, **options
) -> Worker:
    return Worker(
        worker_command(**options),
        instance / f"worker-{secrets.token_hex(4)}.log",
        cwd=PROJECT_ROOT,
        env=worker_env(database_url, smtp_url, instance, **(env or {})),
    )


def stop(processes: list[Worker]) -> None:
    """SIGTERM (a worker finishes what it is sending), and SIGKILL for one that does not stop."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


TICKS = os.sysconf("SC_CLK_TCK")
#: A run ends with a message, not a hang, when no dispatch reaches a final status for this long.
STALL_SECONDS = 60


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def stopped(processes: list[Worker]) -> None:
    """Ends the benchmark with the workers' own words if one has stopped."""
    for process in processes:
        if process.poll() is not None:
            raise SystemExit(f"a worker stopped (exit code {process.returncode}): {said(processes)}")


def said(processes: list[Worker]) -> str:
    words = [p.said() for p in processes]  # each log read once
    return " | ".join(w for w in words if w) or "nothing"


def wait_until_ready(engine: Engine, processes: list[Worker], timeout: float = 120) -> None:
    """Until every worker has started (imported the app) and has its connection open, which
    it opens in its first round and keeps (app.db names it after the worker's pid). Waiting
    for the workers' CPU to fall below a fixed rate instead waits for ever wherever idle
    polling alone costs more than that rate."""
    names = [application_name(p.pid) for p in processes]
    deadline = time.monotonic() + timeout
    while True:
        stopped(processes)
        with engine.connect() as db:
            ready = db.scalar(
                text(
                    "SELECT count(DISTINCT application_name) FROM pg_stat_activity"
                    " WHERE application_name = ANY(:names)"
                ),
                {"names": names},
            )
        if ready == len(processes):
            return
        if time.monotonic() > deadline:
            raise SystemExit(
                f"{len(processes) - (ready or 0)} of {len(processes)} worker(s) had not reached "
                f"the database after {timeout:.0f} s"
            )
        time.sleep(0.05)


def one_run(engine: Engine, url: str, smtp_url: str, received, n: int, workers: int, instance: Path):
    """Steady state: the workers are started and idle first, so start-up is not counted."""
    empty_outbox(engine)
    processes = [start_worker(url, smtp_url, instance) for _ in range(workers)]
    try:
        wait_until_ready(engine, processes)
        before_cpu = sum(cpu_seconds(p.pid) for p in processes)
        before = len(received.messages)
        fill(engine, n)
        started = last_progress = time.perf_counter()
        left = n
        while now_open := open_count(engine):
            stopped(processes)
            if now_open < left:
                left, last_progress = now_open, time.perf_counter()
            elif time.perf_counter() - last_progress > STALL_SECONDS:
                raise SystemExit(
                    f"{now_open} of {n} dispatches had no final status, and none reached one "
                    f"in {STALL_SECONDS} s; the workers said: {said(processes)}"
                )
            time.sleep(0.01)
        wall = time.perf_counter() - started
        cpu = sum(cpu_seconds(p.pid) for p in processes) - before_cpu
    finally:
        stop(processes)
    return {
        "wall": wall,
        "per_second": n / wall,
        "cpu_ms_each": 1000 * cpu / n,
        "received": len(received.messages) - before,
    }


def main(argv: list[str] | None = None) -> int:
    from tests import smtp_server  # the same loopback SMTP server as the tests

    parser = ArgumentParser(prog="python -m bench.dispatch", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("INNBOKS_BENCH_DATABASE_URL"), required=False
    )
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.database_url or not args.database_url.startswith("postgresql"):
        parser.error(
            "give --database-url postgresql://… (many workers need PostgreSQL; its tables are emptied)"
        )
    if "application_name" in make_url(args.database_url).query:
        # The workers would all take that name, and the benchmark tells them apart by theirs.
        parser.error("--database-url: leave application_name out; each worker is named after its pid")
    if args.n < 1 or args.rounds < 1:
        parser.error("--n and --rounds must each be at least 1")
    try:
        counts = [int(c) for c in args.workers.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        parser.error(f"--workers: worker counts, comma-separated, each at least 1 (not {args.workers!r})")
    engine = make_engine(args.database_url)
    try:
        with engine.begin() as db:
            db.execute(text("SET LOCAL session_replication_role = replica"))
            Base.metadata.drop_all(db)
            db.execute(text("DROP TABLE IF EXISTS alembic_version"))
    except OperationalError as exc:
        parser.exit(2, f"{parser.prog}: cannot use the database: {str(exc.orig).strip()}\n")
    migrations.upgrade(args.database_url)
    results: dict[int, list[dict]] = {c: [] for c in counts}
    me = resource.getrusage(resource.RUSAGE_SELF)
    with smtp_server.running() as (received, smtp_url), tempfile.TemporaryDirectory() as instance:
        for round_ in range(args.rounds):
            for workers in counts:
                run = one_run(engine, args.database_url, smtp_url, received, args.n, workers, Path(instance))
                results[workers].append(run)
                print(
                    f"round {round_ + 1}, {workers} worker(s): {run['per_second']:.0f} e-mails/s, "
                    f"{run['cpu_ms_each']:.2f} ms worker CPU each, {run['received']} received",
                    flush=True,
                )
    spent = resource.getrusage(resource.RUSAGE_SELF)
    print(f"\n{args.n} e-mails a run, median of {args.rounds} interleaved rounds, PostgreSQL, loopback SMTP:")
    print("workers  e-mails/s (wall)  worker CPU ms per e-mail")
    for workers in counts:
        runs = results[workers]
        print(f"{workers:>7}  {statistics.median(r['per_second'] for r in runs):>16.0f}  "
              f"{statistics.median(r['cpu_ms_each'] for r in runs):>24.2f}")  # fmt: skip
    cpu = spent.ru_utime + spent.ru_stime - me.ru_utime - me.ru_stime
    print(
        f"this process (SMTP server and polling): {cpu:.1f} s CPU in all; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    if 2 in results:
        best = statistics.median(r["per_second"] for r in results[2])
        print(
            f"target: at least 500 e-mails/s with 2 workers: "
            f"{'met' if best >= 500 else 'NOT met'} ({best:.0f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
