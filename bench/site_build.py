"""How long the help site takes to build as it grows, against the off-the-shelf set-up.

    .venv/bin/python -m bench.site_build                 # N = 100 and 1000 (a few minutes)
    .venv/bin/python -m bench.site_build --pages 30      # any N
    .venv/bin/python -m bench.site_build --repeat 3      # each build 3 times, the fastest kept

For each N it writes 3×N synthetic pages (bench/synthetic.py), then builds
them with this project's configuration (`make site`: python -m app.helpsite
build) and with the bare off-the-shelf one (Material + mkdocs-static-i18n,
folder structure, three languages) in the same run, and prints each build's
time, time per page, peak memory (all its processes together) and CPU time,
the ratio of the two, and how long the preview (python -m app.helpsite serve)
takes to show an edit of one page in one language.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench import synthetic

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.3  # ours / bare at the largest N
TARGET_GROWTH = 1.3  # time per page at the largest N / at the smallest
TARGET_PREVIEW = 2.0  # seconds from saving a page to the preview serving it


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system, of all the build's processes
    peak_mb: float
    pages: int

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages


def _tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    result, todo = [], [pid]
    while todo:
        current = todo.pop()
        result.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):  # the task ended while we looked
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return result


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(command: list[str], cwd: Path, pages: int) -> Run:
    """Runs a build; its wall time and the peak of the memory of all its processes together."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0.0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    ended: dict = {}

    def wait() -> None:
        # wait4, not Popen.wait: its usage counts the child and every process it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        ended.update(seconds=time.perf_counter() - started, status=status, usage=usage)

    waiter = threading.Thread(target=wait)
    waiter.start()
    while waiter.is_alive():
        peak = max(peak, _rss_mb(_tree(process.pid)))
        waiter.join(0.05)
    process.returncode = os.waitstatus_to_exitcode(ended["status"])
    reader.join()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{''.join(output)[-3000:]}")
    usage = ended["usage"]
    return Run(ended["seconds"], usage.ru_utime + usage.ru_stime, peak, pages)


def fastest(runs: list[Run]) -> Run:
    """Of repeated builds, the fastest: what other load on the machine slowed down the least."""
    return min(runs, key=lambda run: run.seconds)


def built_pages(site: Path, nb_at_root: bool) -> dict[str, int]:
    """How many pages each language's folder holds (the bare build puts nb at the root)."""
    counts = {}
    for lang in synthetic.LANGS:
        if lang == "nb" and nb_at_root:
            found = [
                p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in synthetic.LANGS
            ]
        else:
            found = list((site / lang).rglob("index.html"))
        counts[lang] = len(found)
    return counts


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def preview_seconds(config: Path, edits: list[tuple[Path, str, str]]) -> list[float]:
    """Starts the preview, then saves each edit and times until the preview serves it.

    ``edits``: (source file, URL that shows it, a word the edit puts in)."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.helpsite", "serve", "--config", str(config), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in server.stdout:
            log.append(line)
            if line.startswith("Serving the preview"):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        while not ready.wait(0.2):
            if server.poll() is not None:
                raise SystemExit("bench: the preview did not start:\n" + "".join(log)[-3000:])
        results = []
        for source, url, word in edits:
            text = source.read_text(encoding="utf-8")
            edited = re.sub(r"^(#+ .*)$", rf"\1 {word}", text, count=1, flags=re.M)
            saved = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            while word not in _fetch(f"http://127.0.0.1:{port}/{url}"):
                if time.perf_counter() - saved > 60:
                    raise SystemExit(
                        f"bench: the preview never showed the edit of {source}:\n" + "".join(log)[-3000:]
                    )
                time.sleep(0.02)
            results.append(time.perf_counter() - saved)
            time.sleep(0.5)  # let the watcher settle before the next edit
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def bench(n: int, workdir: Path, preview: bool = True, repeat: int = 1) -> dict:
    root = workdir / f"n{n}"
    shutil.rmtree(root, ignore_errors=True)
    ours_config = synthetic.ours(ROOT, root / "ours", n)
    bare_config = synthetic.bare(root / "bare", n)
    pages = len(synthetic.LANGS) * n
    ours = fastest(
        [
            measure(
                [
                    sys.executable,
                    "-m",
                    "app.helpsite",
                    "build",
                    "--config",
                    str(ours_config),
                    "--site-dir",
                    str(root / "ours" / "site"),
                ],
                ROOT,
                pages,
            )
            for _ in range(repeat)
        ]
    )
    bare = fastest(
        [
            measure(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "-q",
                    "-f",
                    str(bare_config),
                    "-d",
                    str(root / "bare" / "site"),
                ],
                root / "bare",
                pages,
            )
            for _ in range(repeat)
        ]
    )
    counts = {
        "ours": built_pages(root / "ours" / "site", False),
        "bare": built_pages(root / "bare" / "site", True),
    }
    for name, count in counts.items():
        if any(c < n for c in count.values()):
            raise SystemExit(f"bench: the {name} build is missing pages: {count} (expected {n} each)")
    result = {"n": n, "ours": ours, "bare": bare, "counts": counts, "preview": None}
    if preview:
        middle = synthetic.page_name(n // 2)
        slug = middle.removesuffix(".md") + "/"
        content = root / "ours" / "content"
        # One page in one language; then an nb page that en has but se falls back to.
        fallback = next(i for i in range(n // 2 + 1, n) if not synthetic.has_page("se", i))
        fb_name = synthetic.page_name(fallback)
        result["preview"] = preview_seconds(
            ours_config,
            [
                (content / "en" / middle, f"en/{slug}", "Redigert"),
                (content / "nb" / fb_name, f"se/{fb_name.removesuffix('.md')}/", "Endret"),
            ],
        )
    return result


def report(results: list[dict]) -> str:
    lines = []
    for r in results:
        ours, bare = r["ours"], r["bare"]
        lines += [
            f"N = {r['n']} ({ours.pages} pages: {r['n']} per language in nb, en, se)",
            f"  {'build':<40}{'time':>9}{'per page':>11}{'peak memory':>14}{'CPU time':>11}",
            *(
                f"  {label:<40}{run.seconds:>7.1f} s{run.ms_per_page:>8.1f} ms{run.peak_mb:>11.0f} MB"
                f"{run.cpu_seconds:>9.1f} s"
                for label, run in (
                    ("ours (python -m app.helpsite build)", ours),
                    ("bare (Material + mkdocs-static-i18n)", bare),
                )
            ),
            f"  ratio ours / bare: {ours.seconds / bare.seconds:.2f}",
        ]
        if r["preview"]:
            en, nb = r["preview"]
            lines.append(
                f"  preview: an edit of one en page served after {en:.2f} s; "
                f"of an nb page (nb and the se fallback) after {nb:.2f} s"
            )
    if len(results) > 1:
        small, large = results[0], results[-1]
        ratio = large["ours"].seconds / large["bare"].seconds
        growth = large["ours"].ms_per_page / small["ours"].ms_per_page
        bare_growth = large["bare"].ms_per_page / small["bare"].ms_per_page
        lines += [
            f"Time per page at N = {large['n']} / at N = {small['n']}: ours {growth:.2f}×, "
            f"bare {bare_growth:.2f}×",
            f"Targets at N = {large['n']}: ours / bare {ratio:.2f} (≤ {TARGET_RATIO}: "
            f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}); per-page growth {growth:.2f}× "
            f"(≤ {TARGET_GROWTH}: {'met' if growth <= TARGET_GROWTH else 'NOT met'})"
            + (
                f"; preview {max(large['preview']):.2f} s (< {TARGET_PREVIEW} s: "
                f"{'met' if max(large['preview']) < TARGET_PREVIEW else 'NOT met'})"
                if large["preview"]
                else ""
            ),
        ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.site_build", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        nargs="+",
        default=[100, 1000],
        metavar="N",
        help="pages per language, one benchmark each (default: 100 1000)",
    )
    parser.add_argument(
        "--workdir", type=Path, help="where to write the sites (default: a temporary folder, removed)"
    )
    parser.add_argument("--no-preview", action="store_true", help="skip the preview measurement")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="build each site R times and keep the fastest (default: 1)",
    )
    args = parser.parse_args(argv)
    if any(n < 3 for n in args.pages):
        parser.error("--pages: each N must be at least 3")
    if args.repeat < 1:
        parser.error("--repeat: at least 1")
    with tempfile.TemporaryDirectory(prefix="innboks-bench-") as scratch:
        workdir = args.workdir or Path(scratch)
        results = []
        for n in sorted(args.pages):
            print(f"Building 3×{n} pages twice ...", file=sys.stderr, flush=True)
            results.append(bench(n, workdir, preview=not args.no_preview, repeat=args.repeat))
        print(f"Machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
