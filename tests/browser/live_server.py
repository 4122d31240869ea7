"""The real Flask app serving a site folder on 127.0.0.1, in a thread, for the browser."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from app.flask_inbox import create_app


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # one line per asset would bury test output
        pass


@contextmanager
def serving(site_dir: Path, port: int = 0, **config) -> Iterator[str]:
    """Yields the base URL (http://127.0.0.1:<port>, a free one by default) while the app serves site_dir."""
    app = create_app({"TESTING": True, "SITE_DIR": str(site_dir), **config})
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


BROKEN_PAGE = Path(__file__).parent / "fixtures" / "broken-page.html"


@contextmanager
def serving_a_broken_page(tmp_path: Path) -> Iterator[str]:
    """The address of a page with a missing alt text, low contrast, a field without a label
    and lines wider than a window, on which each check of page_checks.py must fail."""
    folder = tmp_path / "site" / "nb" / "broken"
    folder.mkdir(parents=True)
    shutil.copy(BROKEN_PAGE, folder / "index.html")
    shutil.copy(BROKEN_PAGE.with_suffix(".css"), folder / "broken-page.css")
    with serving(tmp_path / "site") as url:
        yield url + "/nb/broken/"
