"""The pages for an address that cannot be used and for an item the reader may not see."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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


_NOT_ALLOWED = {
    access.Role.POWER_READ: _l(
        "Your power of attorney lets you read this inbox, not act in it. The person can give you a "
        "power of attorney to read and act."
    ),
    access.Role.PARENT_OF_TEEN: _l(
        "From the age of 12, the content of a child's letters and messages is for the child alone. "
        "You can see the child's appointments and that letters have come."
    ),
}
_NOT_ALLOWED_OTHER = _l("Only the person themself can do this. Open your own inbox to do it for yourself.")


def init_app(app: Flask) -> None:
    @app.errorhandler(BadAddress)
    def bad_address(error: BadAddress):
        return render_site_page(
            "inbox/error.html",
            title=_("Something is wrong with the address"),
            message=error.message,
            status=400,
        )

    @app.errorhandler(access.NotAllowed)
    def not_allowed(error: access.NotAllowed):
        return render_site_page(
            "inbox/error.html",
            title=_("You cannot do this for the person"),
            status=403,
            message=str(_NOT_ALLOWED.get(error.role, _NOT_ALLOWED_OTHER)),
        )

    @app.errorhandler(access.NotReadable)
    def not_readable(_error):
        return render_site_page(
            "inbox/error.html",
            title=_("Not found"),
            status=404,
            message=_("There is no such letter or message in your inbox."),
        )
