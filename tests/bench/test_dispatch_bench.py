"""The outbox benchmark (bench/dispatch.py) at a tiny size on PostgreSQL: a row per worker
count, every e-mail received, and a verdict that follows from the printed median."""

import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import text

from app.db import make_engine
from tests.fixtures.paths import ROOT

ROW = re.compile(r"^\s+(?P<workers>\d+)\s+(?P<per_second>\d+)\s+(?P<cpu>\d+\.\d\d)$", re.MULTILINE)


@pytest.fixture
def bench_database_url():
    """A database of its own beside the tests' one: the benchmark drops and migrates its tables."""
    url = os.environ.get("INNBOKS_TEST_DATABASE_URL")
    if not url:
        pytest.skip("many workers need PostgreSQL: set INNBOKS_TEST_DATABASE_URL (CI does)")
    base, name = url.rsplit("/", 1)
    engine = make_engine(url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        if not db.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": f"{name}_bench"}):
            db.execute(text(f'CREATE DATABASE "{name}_bench"'))
    engine.dispose()
    return f"{base}/{name}_bench"


def test_the_command_sends_through_the_outbox_and_says_what_it_measured(bench_database_url):
    done = subprocess.run(
        [sys.executable, "-m", "bench.dispatch", "--database-url", bench_database_url,
         "--n", "150", "--rounds", "1", "--workers", "1,2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    runs = re.findall(
        r"round 1, \d worker\(s\): \d+ e-mails/s, [\d.]+ ms worker CPU each, 150 received", done.stdout
    )
    assert len(runs) == 2, done.stdout
    rows = {int(m["workers"]): m for m in ROW.finditer(done.stdout)}
    assert sorted(rows) == [1, 2], done.stdout
    assert all(int(r["per_second"]) > 0 and float(r["cpu"]) > 0 for r in rows.values())
    met = int(rows[2]["per_second"]) >= 500
    assert f"target: at least 500 e-mails/s with 2 workers: {'met' if met else 'NOT met'}" in done.stdout
