"""The editors' preview as a real process: a build error replaces the page in the
browser until it is fixed, and Ctrl+C ends it without a traceback."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(what, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail(f"not within {timeout} s")


@pytest.fixture
def preview(project_copy, tmp_path):
    port = free_port()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        # Its own process group, so that SIGINT reaches every process of it, as Ctrl+C in a terminal does.
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.helpsite",
                "serve",
                "--config",
                str(project_copy / "mkdocs.yml"),
                "--port",
                str(port),
            ],
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        wait_for(lambda: "Serving the preview" in out.read_text() or process.poll() is not None)
        assert process.poll() is None, err.read_text()
        yield process, f"http://127.0.0.1:{port}", err
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_an_error_shows_in_the_browser_until_fixed_and_ctrl_c_is_quiet(preview, project_copy):
    process, url, err = preview
    page = project_copy / "content" / "nb" / "om-innboks.md"
    good = page.read_text()
    assert fetch(f"{url}/nb/om-innboks/")[0] == 200
    status, html = fetch(f"{url}/_status/")
    assert status == 200 and "<h1>Translation status</h1>" in html

    page.write_text(good.replace("\n## ", "\n![Innboksen](bilder/borte.png)\n\n## ", 1))
    status, html = wait_for(lambda: (r := fetch(f"{url}/nb/om-innboks/"))[0] == 500 and r)
    line = next(n for n, text in enumerate(page.read_text().splitlines(), 1) if "borte.png" in text)
    assert f"{page}:{line}: error: the image 'bilder/borte.png' goes to a file that does not exist" in html
    assert "livereload" in html  # it reloads by itself once the page builds again
    assert fetch(f"{url}/en/")[0] == 500  # every page says so, not only the edited one

    page.write_text(good.replace("# Om Innboks", "# Om Innboks, rettet", 1))
    status, html = wait_for(lambda: (r := fetch(f"{url}/nb/om-innboks/"))[0] == 200 and r)
    assert "Om Innboks, rettet" in html

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert "Traceback" not in err.read_text(), err.read_text()


@pytest.mark.parametrize(
    "args,env,port", [([], {}, "8001"), (["PORT=8123"], {}, "8123"), ([], {"PORT": "8124"}, "8124")]
)
def test_make_preview_takes_port(args, env, port):
    """`make preview PORT=...` (or PORT in the environment); without it, 8001 beside `make run`'s 8000."""
    # Not the flags of a `make test` around us (they would add "Entering directory" lines).
    outer = ("PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    environ = {k: v for k, v in os.environ.items() if k not in outer} | env
    shown = subprocess.run(
        ["make", "-n", "preview", *args], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    ).stdout
    assert shown.splitlines()[-1].endswith(f"-m app.helpsite serve --port {port}")
