"""The inbox over real HTTP under many patients at once: ``python -m bench.inbox_http``.

Fills a database as ``bench.inbox`` does (smaller by default), starts the app under
gunicorn with the repository's ``gunicorn.conf.py`` (2 processes of 4 threads), signs
each simulated patient in through the development login, and then, for 1, 8 and 32
concurrent clients (each a keep-alive connection with its patient's session cookie), for
``--seconds`` each:

- the inbox list of the client's own patient, ``GET /nb/innboks/``;
- an item page of that patient, ``GET /nb/innboks/<id>/`` (writes its access-log entry);
- API deliveries, ``POST /api/v1/items``.

It prints requests per second, p50/p95/p99 in ms, the requests that failed (the
connection broken or closed by the server: counted, the client connects again and goes
on; any other answer than the expected one stops the row), the server's CPU time per
request (user + system of the gunicorn processes, read from /proc), on PostgreSQL the
database's CPU time per request (its processes on this machine: the server must be local)
and, at the end, the memory of each gunicorn process as PSS (shared pages divided among
the processes that share them) and summed. The load generator runs on the same 2 cores and takes CPU from the
server: its own CPU time is printed too. Rate limits are raised (not removed), so their
bookkeeping is measured but does not refuse the load. ``--repeat N`` runs each row N
times and prints the median of each figure, with the spread of requests a second.

``--against DIR`` compares this checkout with another (the version before a change,
unpacked with ``git archive``): both servers run at once on the same database, each row
runs on one and then the other (who goes first alternating with each of ``--repeat``'s
rounds), and each row is printed for both. On this shared machine, where a run's figures
drift by a third within minutes, that is the comparison to trust, not two runs apart. The
database has this checkout's schema: a version whose schema differs stops at its first
refused answer, with a message.

The load comes from wrk (Debian's package) where it is installed: a thread and a
connection per client, driven by a Lua script this command writes, so the load generator
takes little of the two cores. Without wrk, or with ``--load-generator python``, the
clients are Python threads (http.client), which need more CPU and measure latency with
the load generator's own waiting in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from app import migrations
from app.arguments import ArgumentParser
from app.config import PROJECT_ROOT
from app.db import make_engine
from bench import inbox as bench

OPERATIONS = ("list", "item", "delivery")
WRK_ITEMS = 500  # item ids each wrk client picks from
WRK_DELIVERIES = 20  # deliveries each wrk client sends in turn, each with its own key
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_HIGH = "1000000 per minute"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with a checkout's configuration (this one's unless ``tree`` names another),
    on a port of its own."""

    def __init__(self, database_url: str, site_dir: Path, tree: Path = PROJECT_ROOT) -> None:
        self.port = free_port()
        limits = {key: _HIGH for key in ("RATELIMIT_SIGN_IN", "RATELIMIT_PATIENT_SENDS",
                                         "RATELIMIT_API_PER_TOKEN", "RATELIMIT_API_PER_ADDRESS")}  # fmt: skip
        env = {
            **os.environ,
            "INNBOKS_ENV": "development",
            "INNBOKS_DEV_LOGIN": "1",
            "INNBOKS_SECRET_KEY": secrets.token_urlsafe(48),
            "INNBOKS_DATABASE_URL": database_url,
            "INNBOKS_SITE_DIR": str(site_dir),
            "INNBOKS_BIND": f"127.0.0.1:{self.port}",
            "INNBOKS_INSTANCE_PATH": tempfile.mkdtemp(prefix="innboks-bench-instance-"),
            **({} if tree == PROJECT_ROOT else {"PYTHONPATH": str(tree)}),  # its app, not ours
        }
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                str(tree / "gunicorn.conf.py"),
                "--access-logfile",
                "/dev/null",
                # No recycling during a row: a recycled worker's CPU time leaves /proc with it.
                "--max-requests",
                "0",
                f"app.flask_inbox:create_app({limits!r})",
            ],
            cwd=tree,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.port, "GET", "/readyz")
                if status == 200 and len(self.workers()) >= 1:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise bench.BenchError("gunicorn did not start: " + self.process.stderr.read().decode()[-2000:])

    def pids(self) -> list[int]:
        return [self.process.pid, *self.workers()]

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def cpu_seconds(self) -> float:
        return sum(_cpu_of(pid) for pid in self.pids()) / TICKS

    def pss_mib(self) -> dict[int, float]:
        found = {}
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        found[pid] = int(line.split()[1]) / 1024
            except OSError:
                continue
        return found

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _cpu_of(pid: int | str) -> int:
    """A process's user + system CPU in clock ticks (0 if it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def postgresql_cpu_seconds() -> float:
    """The CPU of this machine's PostgreSQL processes (server and sessions) so far: the
    database's share of the same 2 cores. A session that ends between two readings takes
    its time with it, so a row reads this while the app's connections are open."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    total += _cpu_of(entry.name)
            except OSError:
                continue
    return total / TICKS


def request(port: int, method: str, path: str, body=None, headers=None, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


#: What a client sees when the server has closed or broken its connection: a write to a closed
#: socket (BrokenPipeError), a reset, an answer cut off (http.client.RemoteDisconnected).
CONNECTION_FAILURES = (OSError, http.client.HTTPException)


class Client:
    """One patient's browser: a keep-alive connection and a session cookie."""

    def __init__(self, port: int, patient_id: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        status, page = self.call("GET", "/nb/innboks/utvikler-innlogging/")
        token = _CSRF.search(page.decode()).group(1)
        form = f"csrf_token={token}&patient_id={patient_id}&next=/nb/innboks/"
        status, _ = self.call(
            "POST",
            "/nb/innboks/utvikler-innlogging/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 303:
            raise bench.BenchError(f"the development login answered {status}")

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def reconnect(self) -> None:
        """A new connection after a failed one, as a browser opens one (the session goes on)."""
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def run_level(server: Server, operation: str, clients: list[Client], work: dict, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    failures: dict[str, int] = {}  # kind of connection failure → count
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def drive(index: int, client: Client) -> None:
        rng = random.Random(index)
        mine: list[float] = []
        failed: list[str] = []
        while time.monotonic() < stop_at:
            method, path, body, headers, expected = work[operation](index, rng)
            started = time.perf_counter()
            try:
                status, _ = client.call(method, path, body, headers)
            except CONNECTION_FAILURES as failure:
                failed.append(type(failure).__name__)
                client.reconnect()
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if status != expected:
                with lock:
                    errors.append(f"{method} {path}: {status}")
                break
        with lock:
            latencies.extend(mine)
            for kind in failed:
                failures[kind] = failures.get(kind, 0) + 1

    # Fresh connections for the row: one left idle since the last row (or since signing in)
    # may have been closed by the server's keep-alive timeout (gunicorn.conf.py), and each
    # such client's first request would fail.
    for client in clients:
        client.reconnect()
    cpu_before, own_before, database_before = (
        server.cpu_seconds(),
        _rusage_cpu(resource.RUSAGE_SELF),
        postgresql_cpu_seconds(),
    )
    started = time.perf_counter()
    threads = [threading.Thread(target=drive, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise bench.BenchError(f"{operation} with {len(clients)} clients: {errors[:3]}")
    if not latencies:
        raise bench.BenchError(f"{operation} with {len(clients)} clients: every request failed: {failures}")
    server_cpu, own_cpu = server.cpu_seconds() - cpu_before, _rusage_cpu(resource.RUSAGE_SELF) - own_before
    database_cpu = postgresql_cpu_seconds() - database_before
    percentiles = (statistics.median(latencies), *(bench.percentile(latencies, q) for q in (0.95, 0.99)))
    return _row(operation, len(clients), len(latencies) / elapsed, percentiles, failures,
                (server_cpu, database_cpu, own_cpu), len(latencies))  # fmt: skip


def _row(operation, clients, per_second, percentiles, failures, cpu_seconds, answered) -> dict:
    """A row's figures, whichever load generator: ``percentiles`` p50, p95, p99 in ms;
    ``cpu_seconds`` of the server, the database and the load generator over the row."""
    server_cpu, database_cpu, client_cpu = cpu_seconds
    p50, p95, p99 = percentiles
    return {
        "operation": operation,
        "clients": clients,
        "requests": answered,
        "failed": sum(failures.values()),
        "failures": failures,
        "per_second": per_second,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "server_cpu_ms": 1000 * server_cpu / answered,
        "database_cpu_ms": 1000 * database_cpu / answered,
        "client_cpu_s": client_cpu,
    }


# The Lua script for one wrk row. Each wrk thread is one client (-t N -c N): it takes the
# patient, cookie, items and deliveries of its index, and counts answers other than the
# expected one (wrk itself counts only statuses from 400 up, and a sign-in redirect is a 302).
_WRK_SCRIPT = """
local clients = {clients}
local operation, expected, run = "{operation}", {expected}, "{run}"
local threads, started = {{}}, 0

function setup(thread)
  started = started + 1
  thread:set("index", started)
  table.insert(threads, thread)
end

function init(args)
  me, sent, unexpected, first_unexpected = clients[index], 0, 0, 0
  math.randomseed(index)
end

function request()
  sent = sent + 1
  if operation == "list" then
    return wrk.format("GET", "/nb/innboks/", {{Cookie = me.cookie}})
  elseif operation == "item" then
    local item = me.items[math.random(#me.items)]
    return wrk.format("GET", "/nb/innboks/" .. item .. "/", {{Cookie = me.cookie}})
  end
  local delivery = me.deliveries[sent % #me.deliveries + 1]
  return wrk.format("POST", "/api/v1/items", {{
    ["Authorization"] = "Bearer " .. delivery.token,
    ["Idempotency-Key"] = "wrk-" .. run .. "-" .. index .. "-" .. sent,
    ["Content-Type"] = "application/json",
  }}, delivery.body)
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
    if first_unexpected == 0 then first_unexpected = status end
  end
end

function done(summary, latency, requests)
  local unexpected_all, first = 0, 0
  for _, thread in ipairs(threads) do
    unexpected_all = unexpected_all + thread:get("unexpected")
    if first == 0 then first = thread:get("first_unexpected") end
  end
  local e = summary.errors
  io.write(string.format("WRK-RESULT %d %d %d %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, unexpected_all, first))
end
"""


def _lua_string(value: str) -> str:
    # A long bracket needs no escaping; JSON, ids and cookies never hold "]==]".
    assert "]==]" not in value
    return f"[==[{value}]==]"


def wrk_script(operation: str, expected: int, clients: list[dict]) -> str:
    """The script for a row: ``clients`` hold each one's cookie, items and deliveries
    (token and body)."""
    tables = []
    for client in clients:
        items = ", ".join(str(i) for i in client["items"])
        deliveries = ", ".join(
            f"{{token = {_lua_string(token)}, body = {_lua_string(body)}}}"
            for token, body in client["deliveries"]
        )
        cookie = _lua_string(client["cookie"])
        tables.append(f"{{cookie = {cookie}, items = {{{items}}}, deliveries = {{{deliveries}}}}}")
    return _WRK_SCRIPT.format(
        clients="{\n  " + ",\n  ".join(tables) + "\n}",
        operation=operation,
        expected=expected,
        run=secrets.token_hex(4),
    )


def run_level_wrk(server: Server, operation: str, expected: int, clients: list[dict], seconds: float) -> dict:
    """One row with wrk: a thread and a keep-alive connection per client."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="innboks-wrk-") as script:
        script.write(wrk_script(operation, expected, clients))
        script.flush()
        cpu_before, database_before = server.cpu_seconds(), postgresql_cpu_seconds()
        children_before = _rusage_cpu(resource.RUSAGE_CHILDREN)
        n = len(clients)
        done = subprocess.run(
            ["wrk", "-t", str(n), "-c", str(n), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
             "-s", script.name, f"http://127.0.0.1:{server.port}/"],
            capture_output=True, text=True, timeout=seconds + 120,
        )  # fmt: skip
        server_cpu = server.cpu_seconds() - cpu_before
        database_cpu = postgresql_cpu_seconds() - database_before
        own_cpu = _rusage_cpu(resource.RUSAGE_CHILDREN) - children_before
    found = re.search(r"^WRK-RESULT (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not found:
        raise bench.BenchError(f"wrk failed ({done.returncode}): {(done.stderr or done.stdout)[-500:]}")
    requests, duration_us, p50, p95, p99, *errors, unexpected, first = (int(v) for v in found[1].split())
    if unexpected:
        raise bench.BenchError(
            f"{operation} with {n} clients: {unexpected} answers were not {expected} ({first})"
        )
    failures = {
        kind: count
        for kind, count in zip(("connect", "read", "write", "timeout"), errors, strict=True)
        if count
    }
    answered = requests - sum(failures.values())
    if answered <= 0:
        raise bench.BenchError(f"{operation} with {n} clients: every request failed: {failures}")
    percentiles = (p50 / 1000, p95 / 1000, p99 / 1000)
    return _row(operation, n, answered / (duration_us / 1e6), percentiles, failures,
                (server_cpu, database_cpu, own_cpu), answered)  # fmt: skip


def _rusage_cpu(who: int) -> float:
    """User + system CPU of this process (RUSAGE_SELF) or of its ended children
    (RUSAGE_CHILDREN: wrk, once each row's run has been waited for)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


MEDIAN_FIGURES = ("per_second", "p50", "p95", "p99", "server_cpu_ms", "database_cpu_ms", "client_cpu_s")


def median_row(runs: list[dict]) -> dict:
    """One row from repeated runs of it: the median of each figure (each on its own, so a
    row's p95 and its requests a second may come from different runs), failures summed."""
    row = {**runs[0], **{key: statistics.median(run[key] for run in runs) for key in MEDIAN_FIGURES}}
    failures: dict[str, int] = {}
    for run in runs:
        for kind, count in run["failures"].items():
            failures[kind] = failures.get(kind, 0) + count
    row.update(failed=sum(failures.values()), failures=failures)
    return row


def _remarks(runs: list[dict], failures: dict[str, int]) -> str:
    remarks = [f"{kind} {n}" for kind, n in sorted(failures.items())]
    if len(runs) > 1:
        rates = [run["per_second"] for run in runs]
        remarks.insert(0, f"req/s {min(rates):.0f} to {max(rates):.0f} over {len(runs)} runs")
    return f"  ({'; '.join(remarks)})" if remarks else ""


def run_one(kind: str, url: str, site_dir: Path, args) -> list[str]:
    migrations.upgrade(url)
    now = dt.datetime.now(dt.UTC)
    rows = bench.population(args.patients, args.items, args.big, now)
    engine = make_engine(url)
    try:
        bench.fill(engine, rows)
        tokens = list(bench.issue_tokens(engine).values())
        version = bench.server_version(engine)
    finally:
        engine.dispose()
    patients = rows.patients
    by_patient: dict[int, list[int]] = {}
    for item in rows.items:
        by_patient.setdefault(item["patient_id"], []).append(item["id"])
    levels = args.clients
    # Each client is a patient of their own, the most-filled first (the first has --big items).
    readers = sorted(by_patient, key=lambda p: -len(by_patient[p]))[: max(levels)]

    def list_page(index, rng):
        return "GET", "/nb/innboks/", None, None, 200

    def item_page(index, rng):
        return "GET", f"/nb/innboks/{rng.choice(by_patient[readers[index]])}/", None, None, 200

    def delivery(index, rng):
        kind_, token = rng.choice(tokens)
        payload = json.dumps(bench.delivery_payload(rng, kind_, rng.choice(patients)["national_id"]))
        headers = {
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": f"http-{secrets.token_hex(8)}",
            "Content-Type": "application/json",
        }
        return "POST", "/api/v1/items", payload, headers, 201

    work = {"list": list_page, "item": item_page, "delivery": delivery}
    expected = {"list": 200, "item": 200, "delivery": 201}

    def wrk_plans(signed_in: list[Client]) -> list[dict]:
        """What each wrk thread sends: its patient's cookie, some of their items, and
        deliveries made here as the Python clients make them."""
        rng = random.Random(0)
        plans = []
        for client, patient in zip(signed_in, readers, strict=True):
            mine = by_patient[patient]
            deliveries = []
            for _ in range(WRK_DELIVERIES):
                _method, _path, body, headers, _status = delivery(0, rng)
                deliveries.append((headers["Authorization"].removeprefix("Bearer "), body))
            plans.append({"cookie": client.cookie, "items": rng.sample(mine, min(len(mine), WRK_ITEMS)),
                          "deliveries": deliveries})  # fmt: skip
        return plans

    versions = {"this": PROJECT_ROOT, **({"against": args.against} if args.against else {})}
    label = "version".ljust(9) if args.against else ""
    lines = [
        f"{kind} ({version}), {args.items:,} items, the busiest client's inbox {args.big:,}; "
        f"gunicorn with gunicorn.conf.py; {args.seconds:g} s per row after a warm-up; "
        f"load from {args.load_generator}"
        + (f"; medians of {args.repeat} runs a row" if args.repeat > 1 else "")
        + (f"; against {args.against}, its runs alternating with this checkout's" if args.against else ""),
        f"  {label}{'operation':<10}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'server CPU ms/req':>19}{'database CPU ms/req':>21}{'load generator CPU s':>22}{'failed':>8}",
    ]
    servers: dict[str, Server] = {}
    try:
        # Both up at once, idle but for their turn: a run of one and a run of the other
        # come seconds apart, so the machine's drift falls on both alike.
        for name, tree in versions.items():
            servers[name] = Server(url, site_dir, tree)
        clients = {
            name: [Client(server.port, patient) for patient in readers] for name, server in servers.items()
        }
        plans = {
            name: wrk_plans(signed_in) if args.load_generator == "wrk" else []
            for name, signed_in in clients.items()
        }

        def run(name: str, operation: str, level: int) -> dict:
            if args.load_generator == "wrk":
                return run_level_wrk(
                    servers[name], operation, expected[operation], plans[name][:level], args.seconds
                )
            return run_level(servers[name], operation, clients[name][:level], work, args.seconds)

        for operation in OPERATIONS:
            for name, server in servers.items():
                run_level(server, operation, clients[name][:2], work, min(1.0, args.seconds))  # warm-up
            for level in levels:
                runs: dict[str, list[dict]] = {name: [] for name in servers}
                for round_ in range(args.repeat):
                    for name in list(servers)[:: 1 if round_ % 2 == 0 else -1]:  # who goes first alternates
                        runs[name].append(run(name, operation, level))
                for name in servers:
                    row = median_row(runs[name])
                    # SQLite works inside the app's processes: its CPU is in the server's column.
                    database_cpu = f"{row['database_cpu_ms']:.1f}" if kind == "postgresql" else "-"
                    lines.append(
                        f"  {name.ljust(9) if args.against else ''}"
                        f"{row['operation']:<10}{row['clients']:>8}{row['per_second']:>9.0f}{row['p50']:>9.1f}"
                        f"{row['p95']:>9.1f}{row['p99']:>9.1f}{row['server_cpu_ms']:>19.1f}{database_cpu:>21}"
                        f"{row['client_cpu_s']:>22.1f}"
                        f"{row['failed']:>8}{_remarks(runs[name], row['failures'])}"
                    )
        for name, server in servers.items():
            pss = server.pss_mib()
            master = server.process.pid
            lines.append(
                f"  memory (PSS){' of ' + name if args.against else ''}: "
                + ", ".join(
                    f"{'master' if pid == master else 'worker'} {mib:.0f} MiB" for pid, mib in pss.items()
                )
                + f"; summed {sum(pss.values()):.0f} MiB"
            )
    finally:
        for server in servers.values():
            server.stop()
    return lines


def _not_a_checkout(folder: Path) -> str | None:
    """Why ``folder`` cannot be run beside this checkout, or None."""
    if folder == PROJECT_ROOT:
        return "that is this checkout"
    for needed in ("app/flask_inbox.py", "gunicorn.conf.py"):
        if not (folder / needed).is_file():
            return f"no {needed} there: give a checkout of this project"
    if not list(folder.glob("locales/*/LC_MESSAGES/messages.mo")):
        return "its catalogs are not compiled: copy this checkout's locales/*/LC_MESSAGES/messages.mo there"
    return None


def _levels(text: str) -> list[int]:
    try:
        levels = [int(n) for n in text.split(",")]
    except ValueError:
        levels = []
    if not levels or min(levels) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of client counts such as 1,8,32")
    return levels


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m bench.inbox_http", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--big", type=int, default=5_000)
    parser.add_argument(
        "--clients", type=_levels, default="1,8,32", help="concurrent clients per row, comma-separated"
    )
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="per row (wrk: whole seconds, at least 1)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each row, reported as medians")
    parser.add_argument("--postgresql-url", default=bench.DEFAULT_POSTGRESQL_URL)
    parser.add_argument("--site-dir", type=Path)
    parser.add_argument(
        "--against", type=Path, metavar="DIR",
        help="another checkout (the version before a change: git archive REV | tar -x -C DIR, with "
        "its catalogs compiled): its gunicorn runs beside this one's on the same database, and "
        "every row alternates between the two",
    )  # fmt: skip
    parser.add_argument(
        "--load-generator", choices=("auto", "wrk", "python"), default="auto",
        help="wrk (Debian's package), Python threads, or wrk where it is installed (the default)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.load_generator == "auto":
        args.load_generator = "wrk" if shutil.which("wrk") else "python"
    elif args.load_generator == "wrk" and not shutil.which("wrk"):
        parser.error("--load-generator wrk: wrk is not installed (apt-get install wrk)")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.seconds <= 0:
        parser.error("--seconds must be more than 0")
    if max(args.clients) > args.patients:
        parser.error("--clients cannot exceed --patients (each client is a patient)")
    if args.against is not None:
        args.against = args.against.resolve()
        problem = _not_a_checkout(args.against)
        if problem:
            parser.error(f"--against {args.against}: {problem}")
    print(
        f"Inbox over HTTP {dt.date.today().isoformat()}: Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start.",
        flush=True,
    )
    try:
        with tempfile.TemporaryDirectory(prefix="innboks-bench-site-") as scratch:
            site_dir = args.site_dir or bench._build_site(Path(scratch) / "site")
            kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
            for kind in kinds:
                database = (
                    bench.sqlite_database()
                    if kind == "sqlite"
                    else bench.postgresql_database(args.postgresql_url)
                )
                with database as url:
                    print("\n".join(run_one(kind, url, site_dir, args)), flush=True)
    except bench.BenchError as error:
        print(f"bench.inbox_http: {error}", file=sys.stderr)
        return 1
    print(f"  load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
