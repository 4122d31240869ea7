"""When the database cannot be used: the 503 page in the reader's language, or the API's JSON,
with Retry-After. Never a traceback.

"Cannot be used" is the store's state, not the request's fault (app.db.store_unusable):
locked past its timeout, unreachable, corrupt, or without its schema. Other database
errors are bugs, and stay the 500 they are.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import gettext as _
from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.api import views as api_views
from app.db import store_unusable
from app.helpsite.serving.render import render_site_page

RETRY_AFTER_SECONDS = 60


def unavailable_response():
    if request.path.startswith("/api/"):
        response = api_views.error(503, "unavailable", "the inbox is unavailable; try again later")
    else:
        response = render_site_page(
            "errors/message.html",
            status=503,
            title=_("The inbox is unavailable"),
            message=_("We cannot show your inbox right now. Please try again in a few minutes."),
        )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_app(app: Flask) -> None:
    # Flask picks a handler by the exception's class, most specific first; DatabaseError's
    # handler also receives its other subclasses (IntegrityError, DataError), which it re-raises.
    @app.errorhandler(DatabaseError)
    def database_error(exc: DatabaseError):
        if not store_unusable(exc):
            raise exc
        current_app.logger.error("Database unavailable: %s", getattr(exc, "orig", exc))
        return unavailable_response()

    for unusable in (OperationalError, InterfaceError):
        app.register_error_handler(unusable, database_error)

    @app.errorhandler(PoolTimeout)
    def all_connections_busy(exc: PoolTimeout):
        # Every connection of this process is in use past the pool's timeout: the store is
        # busy, not broken, and the request may be tried again.
        current_app.logger.error("Database connections exhausted: %s", exc)
        return unavailable_response()
