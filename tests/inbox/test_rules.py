"""Attachment names as they are stored: no control characters, no path."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.inbox.rules import normalised_filename


@pytest.mark.parametrize(
    "name,stored",
    [
        ("innkalling.pdf", "innkalling.pdf"),
        ("innkalling\r\nSet-Cookie: a=b.pdf", "innkalling Set-Cookie: a=b.pdf"),
        ("brev\u202efdp.exe", "brev fdp.exe"),
        ("a\tb\x00c\x7fd\x85e.pdf", "a b c d e.pdf"),
        ("C:\\Users\\kari\\brev.pdf", "brev.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\u2028.hidden", "hidden"),
        ("A\u030a.pdf", "\u00c5.pdf"),  # NFC: one character, as typed
        ("\x01\x02", ""),
    ],
)
def test_normalised_filename(name, stored):
    assert normalised_filename(name) == stored


@given(st.text())
def test_a_normalised_name_fits_a_header_and_the_column(name):
    stored = normalised_filename(name)
    assert len(stored) <= 255 and stored == stored.strip()
    assert not any(c in stored for c in "\r\n\x00/\\") and not stored.startswith(".")
    assert normalised_filename(stored) == stored
