"""The Innboks web application: the help site and, inside it, the inbox.

``flask --app app.flask_inbox run`` serves it in development; production runs
``gunicorn 'app.flask_inbox:create_app()'`` with INNBOKS_ENV=production.
"""

from __future__ import annotations

import os

from flask import Flask, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import OperationalError

from app import cli, config, db_requests, patient_pages
from app.api import views as api_views
from app.helpsite.serving import views as helpsite_views
from app.helpsite.serving.render import render_site_page
from app.i18n import web as i18n_web


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__, instance_path=os.environ.get("INNBOKS_INSTANCE_PATH"), instance_relative_config=True
    )
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.check(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    db_requests.init_app(app)
    i18n_web.init_app(app)
    csrf = CSRFProtect(app)

    patient_pages.init_app(app)
    app.register_blueprint(api_views.bp)
    csrf.exempt(api_views.bp)  # sender systems authenticate with a token, not a cookie
    app.register_blueprint(helpsite_views.bp)  # last: it serves every other path from site/

    _register_error_handlers(app)
    cli.init_app(app)
    return app


def _register_error_handlers(app: Flask) -> None:
    def is_api() -> bool:
        return request.path.startswith("/api/")

    @app.errorhandler(OperationalError)
    def database_unavailable(exc):
        app.logger.error("Database unavailable: %s", exc.orig if hasattr(exc, "orig") else exc)
        if is_api():
            response = api_views.error(503, "unavailable", "the inbox is unavailable; try again later")
        else:
            response = render_site_page(
                "errors/message.html",
                status=503,
                title=_("The inbox is unavailable"),
                message=_("We cannot show your inbox right now. Please try again in a few minutes."),
            )
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc):
        return render_site_page(
            "errors/message.html",
            status=400,
            title=_("The form has expired"),
            message=_("Go back, reload the page and send the form again."),
        )
