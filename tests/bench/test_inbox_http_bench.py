"""The HTTP load benchmark (bench/inbox_http.py) runs gunicorn at a tiny size and prints a row per
operation and number of clients, with figures that agree with each other."""

import http.client
import re
import subprocess
import sys

from bench import inbox_http
from tests.fixtures.paths import ROOT

ROW = re.compile(
    r"^  (?P<operation>list|item|delivery)\s+(?P<clients>\d+)\s+(?P<rps>\d+)\s+(?P<p50>\d+\.\d)\s+"
    r"(?P<p95>\d+\.\d)\s+(?P<p99>\d+\.\d)\s+(?P<cpu>\d+\.\d)\s+(?P<database_cpu>\d+\.\d|-)\s+(?P<client_cpu>\d+\.\d)\s+(?P<failed>\d+)"
    r"(?:  \(.*\))?$",
    re.MULTILINE,
)


def test_the_command_loads_a_tiny_inbox_over_http(built_site):
    done = subprocess.run(
        [sys.executable, "-m", "bench.inbox_http", "--database", "sqlite", "--patients", "6",
         "--items", "300", "--big", "100", "--clients", "1,2", "--seconds", "0.5",
         "--site-dir", str(built_site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [m.groupdict() for m in ROW.finditer(done.stdout)]
    assert [(r["operation"], r["clients"]) for r in rows] == [
        (operation, clients) for operation in ("list", "item", "delivery") for clients in ("1", "2")
    ], done.stdout
    for row in rows:
        assert (
            int(row["rps"]) > 0 and 0 < float(row["p50"]) <= float(row["p95"]) <= float(row["p99"]) < 30_000
        )
        assert float(row["cpu"]) > 0
    assert re.search(r"memory \(PSS\): master \d+ MiB, worker \d+ MiB.*; summed \d+ MiB", done.stdout)


class _FlakyClient:
    """A client whose connection the server closes now and then."""

    def __init__(self, failures):
        self.failures, self.reconnects, self.calls = list(failures), 0, 0

    def call(self, method, path, body=None, headers=None):
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return 200, b""

    def reconnect(self):
        self.reconnects += 1


class _IdleServer:
    def cpu_seconds(self):
        return 0.0


def test_a_closed_connection_is_a_failed_request_counted_not_a_traceback():
    clients = [
        _FlakyClient([BrokenPipeError(32, "Broken pipe"), http.client.RemoteDisconnected("closed")]),
        _FlakyClient([ConnectionResetError(104, "reset")]),
    ]
    work = {"list": lambda index, rng: ("GET", "/nb/innboks/", None, None, 200)}
    row = inbox_http.run_level(_IdleServer(), "list", clients, work, seconds=0.05)
    assert row["failed"] == 3
    assert row["failures"] == {"BrokenPipeError": 1, "RemoteDisconnected": 1, "ConnectionResetError": 1}
    assert [c.reconnects for c in clients] == [1 + 2, 1 + 1]  # one before the row, one per failure
    assert row["requests"] == sum(c.calls for c in clients) - 3 > 0
