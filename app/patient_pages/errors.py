"""The pages for an address that cannot be used and for an item the reader may not see."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from app.db import MAX_ID
from app.helpsite.serving.render import render_site_page
from app.inbox import access


class BadAddress(Exception):
    """Something in the address (a filter, a page) cannot be used."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def id_or_none(text: str | None) -> int | None:
    """An id written in a form or an address, or None when it cannot be one (not ASCII
    digits, such as "²", which str.isdigit() accepts; or larger than any id)."""
    if not text or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def init_app(app: Flask) -> None:
    @app.errorhandler(BadAddress)
    def bad_address(error: BadAddress):
        return render_site_page(
            "inbox/error.html",
            title=_("Something is wrong with the address"),
            message=error.message,
            status=400,
        )

    @app.errorhandler(access.NotReadable)
    def not_readable(_error):
        return render_site_page(
            "inbox/error.html",
            title=_("Not found"),
            status=404,
            message=_("There is no such letter or message in your inbox."),
        )
