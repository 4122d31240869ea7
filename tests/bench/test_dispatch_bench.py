"""The outbox benchmark (bench/dispatch.py) at a tiny size on PostgreSQL: a row per worker
count, every e-mail received, and a verdict that follows from the printed median."""

import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.db import make_engine
from bench import dispatch as outbox_bench
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


def test_workers_that_never_reach_the_database_end_the_run_with_a_message(bench_database_url, tmp_path):
    engine = make_engine(bench_database_url)
    silent = outbox_bench.Worker([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path / "1.log")
    try:
        with pytest.raises(SystemExit, match=r"1 of 1 worker\(s\) had not reached the database after 1 s"):
            outbox_bench.wait_until_ready(engine, [silent], timeout=1)
    finally:
        outbox_bench.stop([silent])
    # What a worker wrote before it stopped is in the message; far more than a pipe holds
    # did not make it wait.
    loud = "import sys; sys.stderr.write('x' * 200_000); sys.exit('no such database')"
    failing = outbox_bench.Worker([sys.executable, "-c", loud], tmp_path / "2.log")
    failing.wait(timeout=30)
    with pytest.raises(SystemExit, match=r"a worker stopped \(exit code 1\): x+no such database"):
        outbox_bench.wait_until_ready(engine, [failing], timeout=30)
    engine.dispose()


def test_a_database_that_is_not_there_is_a_message(bench_database_url):
    base = bench_database_url.rsplit("/", 1)[0]
    done = subprocess.run(
        [sys.executable, "-m", "bench.dispatch", "--database-url", f"{base}/innboks_no_such_database"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "cannot use the database" in done.stderr and "Traceback" not in done.stderr
    one_name = f"{bench_database_url}?application_name=x"
    named = subprocess.run(
        [sys.executable, "-m", "bench.dispatch", "--database-url", one_name],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert named.returncode == 2 and "leave application_name out" in named.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workers=st.text(alphabet="0123456789,- x", max_size=8), n=st.integers(-2, 3))
def test_any_arguments_are_run_or_refused_with_a_message(bench_database_url, capsys, workers, n):
    base = bench_database_url.rsplit("/", 1)[0]
    with pytest.raises(SystemExit) as ended:
        outbox_bench.main(
            # --option=value: a value that starts with "-" is still the option's value
            ["--database-url", f"{base}/innboks_no_such_database", f"--workers={workers}", f"--n={n}"]
        )
    said = capsys.readouterr().err
    assert ended.value.code == 2
    parts = workers.split(",")
    counts_given = all(p.strip().isdigit() and int(p) >= 1 for p in parts)
    if workers == "--":  # Python 3.11's argparse makes that an empty list (app/arguments.py)
        assert "argument --workers: expected one argument" in said
    elif n < 1:
        assert "--n and --rounds must each be at least 1" in said
    elif not counts_given:
        assert f"--workers: worker counts, comma-separated, each at least 1 (not {workers!r})" in said
    else:  # accepted: on to the database, which is not there
        assert "cannot use the database" in said and "Traceback" not in said
