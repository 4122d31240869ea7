"""The outside world of app/dispatch/ on loopback: the contact register, the SMS gateway,
the digital mailbox and the print service, each in the one HTTP shape its adapter
documents, recording what they are sent, and misbehaving when told to."""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.dispatch.channels.sms import signature


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict


@dataclass
class Providers:
    people: dict[str, dict] = field(default_factory=dict)  # KRR's entries by national id
    received: list[Received] = field(default_factory=list)
    # For the next requests to a path: "500", "429", "400", "hang", "garbage", "no-id".
    misbehave: dict[str, str] = field(default_factory=dict)
    ids_by_key: dict[str, str] = field(default_factory=dict)
    # When set, the register knows everyone it is asked about, with an e-mail address.
    everyone_has_email: bool = False
    url: str = ""
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))

    def person(
        self,
        national_id,
        *,
        mobile=None,
        email=None,
        mailbox=None,
        reserved=False,
        address=None,
        protected=None,
        status="AKTIV",
    ) -> None:
        self.people[national_id] = {
            "personidentifikator": national_id,
            "reservasjon": "JA" if reserved else "NEI",
            "status": status,
            "kontaktinformasjon": {"epostadresse": email, "mobiltelefonnummer": mobile},
            "digital_post": {"postkasseadresse": mailbox, "postkasseleverandoeradresse": "digipost.no"}
            if mailbox
            else None,
            "postadresse": address,
            "adressebeskyttelse": protected,
        }

    def sent_to(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


def signed(secret: bytes, body: dict | bytes, at: float | None = None) -> tuple[bytes, dict[str, str]]:
    """A receipt body and its X-Signature header, as a provider signs it."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    t = int(at if at is not None else time.time())
    return raw, {"X-Signature": f"t={t},v1={signature(secret, t, raw)}", "Content-Type": "application/json"}


@contextlib.contextmanager
def running():
    state = Providers()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802 -- the http.server interface
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = self.path
            trouble = state.misbehave.get(path)
            if trouble == "hang":
                time.sleep(2)
                return self._answer(504, {})
            if trouble in ("500", "429", "400"):
                return self._answer(int(trouble), {"error": "told to"})
            if trouble == "garbage":
                return self._answer(200, b"<html>not json</html>")
            body = json.loads(raw)
            if path == "/rest/v2/personer":
                ids = body["personidentifikatorer"]
                if state.everyone_has_email:
                    for i in ids:
                        if i not in state.people:
                            state.person(i, email=f"{i}@example.org")
                return self._answer(200, {"personer": [state.people[i] for i in ids if i in state.people]})
            state.received.append(Received(path, dict(self.headers), body))
            if trouble == "no-id":
                return self._answer(201, {"status": "ok"})
            key = self.headers.get("Idempotency-Key", "")
            # A repeat with the same key is the same message: the same id, nothing new.
            provider_id = state.ids_by_key.setdefault(key, f"p-{next(state._serial)}")
            return self._answer(201, {"id": provider_id})

        def _answer(self, status: int, body) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up
                self.wfile.write(data)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A client killed mid-request (the crash test's workers) is no error of ours.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
