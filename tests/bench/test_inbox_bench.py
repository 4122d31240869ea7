"""The inbox benchmark (bench/inbox.py) runs, at a tiny size, and prints real figures."""
import datetime as dt
import math
import os
import random
import re
import subprocess
import sys
from collections import Counter

import pytest

from app.identity.fodselsnummer import is_valid
from app.inbox import rules
from app.inbox.models import Category
from bench import inbox as bench
from tests.conftest import ROOT

ROW = re.compile(r"^  (?P<operation>\S.*?)\s{2,}(?P<requests>\d+)\s+(?P<median>\d+\.\d)\s+"
                 r"(?P<p95>\d+\.\d)\s+(?P<max>\d+\.\d)$", re.MULTILINE)


def run_command(*args):
    return subprocess.run([sys.executable, "-m", "bench.inbox", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def rows_of(output: str) -> dict[str, dict]:
    return {m["operation"]: {k: float(v) for k, v in m.groupdict().items() if k != "operation"}
            for m in ROW.finditer(output)}


def check_report(output: str, database: str, big: int, requests: int) -> None:
    fill = re.search(rf"^{database} \((SQLite|PostgreSQL) [\d.]+\): .*fill [\d,]+ items in (\d+\.\d) s "
                     rf"\(([\d,]+) items/s", output, re.MULTILINE)
    assert fill, output
    assert int(fill.group(3).replace(",", "")) > 0
    section = output[fill.start():]
    rows = rows_of(section.split("inbox page p95 target")[0])
    pages = math.ceil(big / bench.PAGE_SIZE)
    assert set(rows) == {"inbox first page", "inbox by category", "inbox by sender",
                         f"inbox older pages (all {pages - 1})", f"inbox deepest page ({pages})",
                         "api delivery"}, section
    for operation, row in rows.items():
        expected = pages - 1 if operation.startswith("inbox older") else requests
        assert row["requests"] == expected, operation
        assert 0 < row["median"] <= row["p95"] <= row["max"], (operation, row)
    assert re.search(r"inbox page p95 target < 50 ms: (met|MISSED) \(worst p95 \d+\.\d ms: inbox ", section)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(20, 0, -1)]
    assert bench.percentile(values, 0.95) == 19.0
    assert bench.percentile(values, 0.5) == 10.0
    assert bench.percentile([3.0], 0.95) == 3.0
    assert bench.percentile([1.0, 2.0], 0.95) == 2.0
    with pytest.raises(ValueError):
        bench.percentile([], 0.95)


def test_items_per_patient_puts_the_big_inbox_first_and_adds_up():
    counts = bench.items_per_patient(1000, 100_000, 10_000, random.Random(1))
    assert len(counts) == 1000 and sum(counts) == 100_000
    assert counts[0] == 10_000 and max(counts[1:]) < 10_000 and min(counts[1:]) >= 0
    assert len(set(counts[1:])) > 50  # uneven, like a real population
    assert bench.items_per_patient(1, 50, 50, random.Random(1)) == [50]
    for patients, items, big in ((1, 60, 50), (0, 10, 5), (5, 10, 20), (10, 100_000, 10)):
        with pytest.raises(ValueError):
            bench.items_per_patient(patients, items, big, random.Random(1))


def test_population_is_a_realistic_mix_that_the_rules_allow():
    now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
    rows = bench.population(20, 3000, 1000, now)
    kinds = {o["id"]: o["kind"] for o in rows.organisations}
    threads = {t["id"]: t for t in rows.threads}
    assert len(rows.items) == 3000
    assert Counter(i["patient_id"] for i in rows.items)[rows.patients[0]["id"]] == 1000
    assert len({p["national_id"] for p in rows.patients}) == 20
    assert all(is_valid(p["national_id"]) for p in rows.patients)
    for item in rows.items:
        assert rules.may_send(kinds[item["organisation_id"]], item["category"])
        thread = threads[item["thread_id"]]
        assert (thread["patient_id"], thread["organisation_id"]) == (item["patient_id"], item["organisation_id"])
        assert now - dt.timedelta(days=365 * bench.YEARS) <= item["sent_at"] <= now
        assert item["from_patient"] == (item["idempotency_key"] is None)
    categories = Counter(i["category"] for i in rows.items)
    assert set(categories) == set(Category)
    assert 0.01 < sum(i["read_at"] is None for i in rows.items) / 3000 < 0.3
    assert max(Counter(i["thread_id"] for i in rows.items).values()) > 1  # some conversations
    letters = [len(i["body"]) for i in rows.items if i["category"] is Category.LETTER]
    assert 1500 <= sorted(letters)[len(letters) // 2] <= 4500
    assert len({i["organisation_id"] for i in rows.items if i["patient_id"] == 1}) >= 5


def test_the_command_measures_a_tiny_inbox_on_sqlite(built_site):
    result = run_command("--database", "sqlite", "--patients", "4", "--items", "260", "--big", "130",
                         "--requests", "5", "--site-dir", str(built_site))
    assert result.returncode == 0, result.stderr
    assert "In-process Flask test client" in result.stdout
    check_report(result.stdout, "sqlite", big=130, requests=5)


@pytest.mark.skipif(not os.environ.get("INNBOKS_TEST_DATABASE_URL"),
                    reason="INNBOKS_TEST_DATABASE_URL names the PostgreSQL server")
def test_the_command_measures_a_tiny_inbox_on_postgresql(built_site):
    # The benchmark makes and drops a database of its own on the tests' server.
    result = run_command("--database", "postgresql", "--postgresql-url", os.environ["INNBOKS_TEST_DATABASE_URL"],
                         "--patients", "3", "--items", "90", "--big", "60", "--requests", "3",
                         "--site-dir", str(built_site))
    assert result.returncode == 0, result.stderr
    check_report(result.stdout, "postgresql", big=60, requests=3)


@pytest.mark.parametrize("args, message", [
    (["--items", "100", "--big", "200"], "--big 200"),
    (["--patients", "1", "--items", "100", "--big", "50"], "with one patient"),
    (["--requests", "0"], "--requests must be at least 1"),
    (["--database", "oracle"], "invalid choice"),
    (["--site-dir", "/nonexistent"], "is not a built site"),
])
def test_bad_arguments_are_refused_with_a_message(args, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.main(args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_an_unreachable_postgresql_server_is_a_message_not_a_traceback(built_site, capsys):
    code = bench.main(["--database", "postgresql", "--postgresql-url", "postgresql://postgres@127.0.0.1:1/x",
                       "--patients", "2", "--items", "20", "--big", "10", "--requests", "1",
                       "--site-dir", str(built_site)])
    assert code == 1
    assert "cannot create a benchmark database" in capsys.readouterr().err
