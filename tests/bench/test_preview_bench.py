"""The preview's save-to-served benchmark (bench/preview.py) at two saves: it starts the
preview on a scratch copy, every save is served, and the figures agree with each other."""

import re
import subprocess
import sys

from tests.fixtures.paths import ROOT


def test_the_command_times_saves_until_served():
    done = subprocess.run(
        [sys.executable, "-m", "bench.preview", "--saves", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = re.search(
        r"2 saves of nb/om-innboks.md: from save to served median (\d+) ms, worst (\d+) ms", done.stdout
    )
    assert summary, done.stdout
    each = [int(t) for t in re.search(r"each: ([\d ]+)", done.stdout).group(1).split()]
    assert len(each) == 2 and max(each) == int(summary.group(2)) and 0 < int(summary.group(1)) <= max(each)
