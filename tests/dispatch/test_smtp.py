"""The e-mail channel against a real SMTP server: whatever it is given, it sends exactly
that or says why not, and never raises."""

from __future__ import annotations

import email.policy
from email import message_from_bytes

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.dispatch.channels import Message, Result
from app.dispatch.channels.smtp import Smtp
from tests import smtp_server


@pytest.fixture(scope="module")
def smtp():
    with smtp_server.running() as (received, url):
        yield received, url


def lines(text: str) -> list[str]:
    """SMTP carries lines: any line ending arrives as one, and the last line always has one."""
    return text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n").split("\n")


def message(address, subject="Nytt i helseinnboksen din", text="Hei", key="k" * 32):
    return Message(1, key, address, "nb", subject, text)


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    address=st.one_of(
        st.emails(),
        st.text(max_size=40),
        st.sampled_from(["kari@example.org", "a@b.no\r\nBcc: x@y.no", "a b@c.no"]),
    ),
    # Subjects are the catalogs' notification subjects: words, no control characters.
    subject=st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=120),
    text=st.text(max_size=500),
)
def test_anything_is_sent_as_given_or_refused_for_good(smtp, address, subject, text):
    received, url = smtp
    channel = Smtp(url, "ikke-svar@example.org")
    before = len(received.messages)
    outcome = channel.send(message(address, subject, text))
    channel.close()
    event(outcome.result.value)
    if outcome.result is Result.SENT:
        [mail] = received.messages[before:]
        parsed = message_from_bytes(mail.as_bytes(), policy=email.policy.default)
        assert parsed["To"] == address
        assert "\n" not in address and "\r" not in address
        assert " ".join(str(parsed["Subject"]).split()) == " ".join(subject.split())
        body = parsed.get_payload(decode=True).decode("utf-8")
        assert lines(body) == lines(text)
    else:
        assert outcome.result is Result.PERMANENT_FAILURE, outcome
        assert len(received.messages) == before


def test_a_closed_port_is_temporary_and_the_next_send_reconnects(smtp):
    received, url = smtp
    closed = Smtp(f"smtp://127.0.0.1:{smtp_server.free_port()}", "x@example.org", timeout=2)
    assert closed.send(message("kari@example.org")).result is Result.TEMPORARY_FAILURE
    working = Smtp(url, "x@example.org")
    assert working.send(message("kari@example.org")).result is Result.SENT
    working.close()


def test_an_address_that_could_add_a_header_is_refused():
    outcome = Smtp("smtp://127.0.0.1:1", "x@example.org").send(message("a@b.no\r\nBcc: all@example.org"))
    assert outcome.result is Result.PERMANENT_FAILURE
