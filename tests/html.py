"""Reading the app's pages in tests."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    """A node's text as a reader sees it: white space folded."""
    return " ".join(node.get_text().split())


def csrf_token(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def csrf(client) -> str:
    """The session's CSRF token, read from a page that always has a form."""
    return csrf_token(client.get("/nb/innboks/utvikler-innlogging/").text)
