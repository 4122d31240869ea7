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

from app import cli, config, db, patient_pages
from app.i18n import flask as flask_i18n


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("INNBOKS_INSTANCE_PATH"),
                instance_relative_config=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.check(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    flask_i18n.init_app(app)
    csrf = CSRFProtect(app)

    from app.api import views as api_views
    from app.appointments import views as appointment_views
    from app.devlogin import views as devlogin_views
    from app.helpsite import views as helpsite_views
    from app.inbox import views as inbox_views
    from app.municipal import views as municipal_views

    app.register_blueprint(inbox_views.bp)
    app.register_blueprint(appointment_views.bp)
    app.register_blueprint(municipal_views.bp)
    if app.config["DEV_LOGIN"]:
        app.register_blueprint(devlogin_views.bp)
    app.register_blueprint(api_views.bp)
    csrf.exempt(api_views.bp)  # sender systems authenticate with a token, not a cookie
    app.register_blueprint(helpsite_views.bp)  # last: it serves every other path from site/

    patient_pages.init_app(app)
    _register_error_handlers(app)
    cli.init_app(app)
    return app


def _register_error_handlers(app: Flask) -> None:
    from app.api.views import error as api_error
    from app.site_page import render_site_page

    def is_api() -> bool:
        return request.path.startswith("/api/")

    @app.errorhandler(OperationalError)
    def database_unavailable(exc):
        app.logger.error("Database unavailable: %s", exc.orig if hasattr(exc, "orig") else exc)
        if is_api():
            response = api_error(503, "unavailable", "the inbox is unavailable; try again later")
        else:
            response = render_site_page("errors/message.html", status=503,
                                        title=_("The inbox is unavailable"),
                                        message=_("We cannot show your inbox right now. "
                                                  "Please try again in a few minutes."))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc):
        return render_site_page("errors/message.html", status=400, title=_("The form has expired"),
                                message=_("Go back, reload the page and send the form again."))
