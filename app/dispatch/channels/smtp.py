"""E-mail over SMTP (notifications only: they carry no health information).

The connection stays open across a worker's sends and is opened again after
any error. The dispatch's idempotency key is the Message-ID, so a message sent
again after a worker died mid-send is recognisably the same message.
SMTP's own codes decide: 5xx is permanent, 4xx and anything on the way
(refused, reset, timed out) temporary.
"""

from __future__ import annotations

import contextlib
import functools
import re
import smtplib
from email.header import Header
from email.utils import formataddr, formatdate
from urllib.parse import unquote, urlsplit

from app.dispatch.channels import Kind, Message, Outcome

# A plain address, nothing a header could be split at.
_ADDRESS = re.compile(r"[^\s@<>,;:\"()\[\]\\]+@[^\s@<>,;:\"()\[\]\\]+\.[^\s@<>,;:\"()\[\]\\]+")


@functools.lru_cache(maxsize=64)
def _encoded(subject: str) -> str:
    return Header(subject, "utf-8").encode(linesep="\r\n")


class Smtp:
    kind = Kind.EMAIL
    has_receipts = False

    def __init__(self, url: str, sender: str, *, timeout: float = 10.0) -> None:
        """``url``: smtp://[user:password@]host:port (plain, or STARTTLS when offered) or
        smtps://… (TLS from the start)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"an SMTP address looks like smtp://host:25, not {url!r}")
        self.tls = parts.scheme == "smtps"
        self.host, self.port = parts.hostname, parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = sender
        self._from = formataddr(("Helsenorge", sender))
        self.timeout = timeout
        self._connection: smtplib.SMTP | None = None

    def send(self, message: Message) -> Outcome:
        address = message.address or ""
        if not _ADDRESS.fullmatch(address):
            return Outcome.permanent("no usable e-mail address")
        # Written out rather than through email.message: parsing and refolding every header
        # and encoding the body was most of a worker's time per e-mail. Only the subject is
        # not ASCII; the body goes as UTF-8 (8BITMIME, which every current server offers).
        head = (
            f"From: {self._from}\r\n"
            f"To: {address}\r\n"
            f"Subject: {_encoded(message.subject)}\r\n"
            f"Date: {formatdate(localtime=False)}\r\n"
            f"Message-ID: <{message.idempotency_key}@innboks.invalid>\r\n"
            f"Content-Language: {message.language}\r\n"
            "Auto-Submitted: auto-generated\r\n"  # no autoreplies back
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
        )
        data = head.encode("ascii") + message.text.encode("utf-8")
        try:
            connection = self._connect()
            options = ["BODY=8BITMIME"] if connection.has_extn("8bitmime") else []
            refused = connection.sendmail(self.sender, [address], data, mail_options=options)
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            return self._by_code(min(code for code, _ in error.recipients.values()), str(error.recipients))
        except smtplib.SMTPResponseException as error:
            self.close()
            said = error.smtp_error
            return self._by_code(
                error.smtp_code, said.decode("utf-8", "replace") if isinstance(said, bytes) else said
            )
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            self.close()
            return Outcome.temporary(f"SMTP: {error!r}")
        if refused:
            return Outcome.permanent(f"refused: {refused}")
        return Outcome.sent(detail="accepted by the SMTP server")

    @staticmethod
    def _by_code(code: int, text: str) -> Outcome:
        if 500 <= code < 600:
            return Outcome.permanent(f"SMTP {code}: {text}")
        return Outcome.temporary(f"SMTP {code}: {text}")

    def _connect(self) -> smtplib.SMTP:
        if self._connection is not None:
            return self._connection
        connection: smtplib.SMTP
        if self.tls:
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls()
                connection.ehlo()
        if self.user:
            connection.login(self.user, self.password or "")
        self._connection = connection
        return connection

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._connection = None
