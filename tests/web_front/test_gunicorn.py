"""Production serving as README says: gunicorn with gunicorn.conf.py, behind a proxy.
The server names no version, HTTPS through the proxy gives HSTS, and the access log
holds neither query strings, tokens nor addresses."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app import migrations
from tests.fixtures.paths import ROOT

pytestmark = pytest.mark.http
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_QUERY, TOKEN, CLIENT = "q=kari-nordmann-12345", "innboks_secret-token-value", "203.0.113.77"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, **headers) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture
def gunicorn(built_site, tmp_path):
    database = f"sqlite:///{tmp_path / 'innboks.sqlite3'}"
    migrations.upgrade(database)
    port = free_port()
    env = {
        **os.environ,
        "INNBOKS_ENV": "production",
        "INNBOKS_SECRET_KEY": secrets.token_urlsafe(48),
        "INNBOKS_DATABASE_URL": database,
        "INNBOKS_SITE_DIR": str(built_site),
        "INNBOKS_INSTANCE_PATH": str(tmp_path / "instance"),
        "INNBOKS_BIND": f"127.0.0.1:{port}",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "app.flask_inbox:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # two workers loading the app on a busy machine
        while True:
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_production_serving(gunicorn):
    base, log = gunicorn
    status, headers = get(
        f"{base}/nb/om-innboks/?{SECRET_QUERY}",
        Authorization=f"Bearer {TOKEN}",
        **{"X-Forwarded-For": CLIENT, "X-Forwarded-Proto": "https"},
    )
    assert status == 200
    assert headers["Server"] == "gunicorn"  # no version
    assert "Strict-Transport-Security" in headers  # HTTPS, as the proxy said
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert get(f"{base}/readyz")[0] == 200
    status, headers = get(f"{base}/api/v1/patient-messages?since=x", Authorization=f"Bearer {TOKEN}")
    assert status == 401 and headers["Cache-Control"] == "no-store"

    time.sleep(0.5)  # the access log is written after the response
    access = [line for line in log.read_text().splitlines() if '"GET ' in line]
    assert any('"GET /nb/om-innboks/ HTTP/1.1" 200' in line for line in access), access
    assert any('"GET /api/v1/patient-messages HTTP/1.1" 401' in line for line in access), access
    for secret in (SECRET_QUERY, "since=x", TOKEN, CLIENT, "127.0.0.1"):
        assert not [line for line in access if secret in line], f"{secret} in the access log"
