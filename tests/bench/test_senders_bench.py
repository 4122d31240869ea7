"""The sender-filter benchmark (bench/senders.py) runs at a tiny size and prints both timings."""

import re
import subprocess
import sys

from tests.fixtures.paths import ROOT


def test_the_command_times_both_queries_on_sqlite():
    done = subprocess.run(
        [sys.executable, "-m", "bench.senders", "--database", "sqlite", "--items", "3000", "--big", "2000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = re.findall(
        r"^SQLite: patient with ([\d,]+) items: SELECT DISTINCT (\d+\.\d\d) ms, "
        r"loose index scan (\d+\.\d\d) ms$",
        done.stdout,
        re.MULTILINE,
    )
    assert [count for count, _, _ in lines][-1] == "2,000" and len(lines) == 2, done.stdout
    assert all(0 < float(ms) < 10_000 for _, a, b in lines for ms in (a, b))
