"""From save to served in the editors' preview: ``python -m bench.preview``.

Copies the site's sources to a scratch folder, starts the preview on them
(``python -m app.helpsite serve``), and ``--saves`` times appends a marker to a page,
polling that page's address every 5 ms until the marker is served. Prints the median
and the worst, in milliseconds. What it does not cover: an editor's own save delay,
the browser's reload, and pages whose title changes (they rebuild the language).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from app.arguments import ArgumentParser
from app.config import PROJECT_ROOT


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--page", default="nb/om-innboks.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copy(PROJECT_ROOT / "mkdocs.yml", root / "mkdocs.yml")
        for name in ("content", "overrides"):
            shutil.copytree(PROJECT_ROOT / name, root / name)
        port = _port()
        log = root / "preview.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "app.helpsite", "serve", "--config", str(root / "mkdocs.yml"),
                 "--port", str(port)],
                cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 180
            while "Serving the preview" not in log.read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the preview did not start:\n{log.read_text()}")
                time.sleep(0.1)
            page = root / "content" / args.page
            url = f"http://127.0.0.1:{port}/{args.page.removesuffix('.md')}/"
            times = []
            for n in range(args.saves):
                marker = f"lagringsmerke{n}x"
                with page.open("a", encoding="utf-8") as source:
                    source.write(f"\n\n{marker}\n")
                saved = time.perf_counter()
                while marker not in _get(url):
                    if time.perf_counter() - saved > 30:
                        raise SystemExit(f"save {n} was not served within 30 s:\n{log.read_text()[-2000:]}")
                    time.sleep(0.005)
                times.append(1000 * (time.perf_counter() - saved))
                time.sleep(0.3)  # one save at a time, as an editor makes them
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait()
    print(f"{args.saves} saves of {args.page}: from save to served median {statistics.median(times):.0f} ms, "
          f"worst {max(times):.0f} ms (target: under 150 ms)")  # fmt: skip
    print("each:", " ".join(f"{t:.0f}" for t in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
