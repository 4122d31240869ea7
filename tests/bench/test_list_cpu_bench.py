"""The list page's CPU benchmark (bench/list_cpu.py) runs at a tiny size, prints figures that
agree with each other, keeps its database when asked and writes a profile."""

import pstats
import re
import subprocess
import sys

from tests.fixtures.paths import ROOT

LINE = re.compile(
    r"^GET /nb/innboks/: CPU per request median (?P<median>\d+\.\d\d) ms, mean (?P<mean>\d+\.\d\d) ms, "
    r"p95 (?P<p95>\d+\.\d\d) ms over 5 requests \(target 4 ms: (met|not met)\); load average \d+\.\d$",
    re.MULTILINE,
)


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "bench.list_cpu", "--patients", "3", "--items", "60", "--big", "40",
         "--requests", "5", "--warmup", "1", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_command_times_the_list_page_and_keeps_its_database(built_site, tmp_path):
    database, profile = tmp_path / "list.sqlite3", tmp_path / "list.prof"
    for extra in ((), ("--seconds-between", "0", "--profile", str(profile))):
        done = run("--site-dir", str(built_site), "--database", str(database), *extra)
        assert done.returncode == 0, done.stderr
        found = LINE.search(done.stdout)
        assert found, done.stdout
        assert 0 < float(found["median"]) <= float(found["p95"])
        assert float(found["mean"]) > 0
    assert database.is_file()
    assert pstats.Stats(str(profile)).total_calls > 0


def test_any_database_by_its_url_and_a_bad_one_refused_with_a_message(built_site, tmp_path):
    done = run("--site-dir", str(built_site), "--database-url", f"sqlite:///{tmp_path / 'by-url.sqlite3'}")
    assert done.returncode == 0, done.stderr
    assert LINE.search(done.stdout), done.stdout
    refused = run("--site-dir", str(built_site), "--database-url", "not a url")
    assert refused.returncode == 1
    assert refused.stderr.startswith("bench.list_cpu: cannot use the database 'not a url'"), refused.stderr
    assert "Traceback" not in refused.stderr
