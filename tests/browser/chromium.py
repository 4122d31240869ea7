"""Debian's Chromium for the browser tests: where it is, how to get it, how to start it.

Playwright's own browser download (`playwright install`) cannot reach its
servers from our machines, so Playwright drives the system Chromium.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.fixtures.paths import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ENSURE_SCRIPT = ROOT / "scripts" / "ensure-chromium.sh"

#: The window sizes pages are checked at; DESKTOP is every page's until a test sets another.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: The screens the reflow, focus and screenshot tests use. name: (CSS viewport, device pixels
#: per CSS pixel); 400 % zoom of a 1280 × 800 window is 320 × 200 CSS px drawn four times as large.
SCREENS = {
    "320": ({"width": 320, "height": 640}, 1),
    "390": ({"width": 390, "height": 844}, 1),
    "768": ({"width": 768, "height": 1024}, 1),
    "1000": ({"width": 1000, "height": 800}, 1),
    "1280": ({"width": 1280, "height": 800}, 1),
    "1280-zoom400": ({"width": 320, "height": 200}, 4),
}

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root in CI; the sandbox needs user namespaces
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium's own calls home are refused by the closed network, many at a time.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing leaves the machine: every host but the app on loopback fails to
    # resolve at once (the theme's Google Fonts link falls back to local fonts).
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def chromium_or_reason() -> tuple[Path | None, str]:
    """The Chromium executable, installing it when missing; else why there is none."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM, ""
    try:
        done = subprocess.run(
            ["sh", str(ENSURE_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "CHROMIUM": str(CHROMIUM)},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{CHROMIUM} is missing and {ENSURE_SCRIPT.name} could not run: {error}"
    if done.returncode == 0 and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM, ""
    output = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return None, f"{CHROMIUM} is missing and could not be installed: {' / '.join(output)}"
