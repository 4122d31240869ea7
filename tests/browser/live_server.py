"""The real Flask app serving a site folder on 127.0.0.1, in a thread, for the browser."""

from __future__ import annotations

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
