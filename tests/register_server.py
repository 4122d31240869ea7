"""A population register of the tests' own, on loopback, speaking the one HTTP shape of
app/representation/population_register.py (and misbehaving when told to)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RegisterServer:
    def __init__(self) -> None:
        self.families: dict[str, list[dict]] = {}
        self.misbehave: str | None = None  # "500", "garbage", "slow", "bad-number"
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 -- the http.server interface
                server.requests.append(self.path)
                parts = self.path.strip("/").split("/")
                if server.misbehave == "slow":
                    time.sleep(1.5)
                if server.misbehave == "500":
                    return self._answer(500, b"oops")
                if server.misbehave == "garbage":
                    return self._answer(200, b"<html>not json</html>")
                if len(parts) != 4 or parts[:2] != ["v1", "persons"] or parts[3] != "children":
                    return self._answer(400, b"{}")
                if parts[2] not in server.families:
                    return self._answer(404, b'{"error": "unknown person"}')
                children = server.families[parts[2]]
                if server.misbehave == "bad-number":
                    children = [{**c, "nationalId": "12345678901"} for c in children]
                return self._answer(200, json.dumps({"children": children}).encode())

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # server_close() waits for the request threads: a "slow" answer must not run on into
        # the next tests, writing to a socket its client has closed.
        self.httpd.daemon_threads = False
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def add_child(self, parent: str, child: str, name: str, birth_date) -> None:
        self.families.setdefault(parent, []).append(
            {"nationalId": child, "name": name, "birthDate": birth_date.isoformat()}
        )


@contextlib.contextmanager
def running():
    server = RegisterServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
