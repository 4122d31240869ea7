"""The Innboks web application: the help site and, inside it, the inbox.

``flask --app app.flask_inbox run`` serves it in development; production runs
``gunicorn 'app.flask_inbox:create_app()'`` with INNBOKS_ENV=production.
"""

from __future__ import annotations

import os

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from app import cli, config, db_requests, outage, patient_pages, web_front, web_sessions
from app.api import receipts as api_receipts
from app.api import views as api_views
from app.helpsite.serving import views as helpsite_views
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
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = config.instance_secret_key(app.instance_path)

    db_requests.init_app(app)
    web_sessions.init_app(app, db_requests.session)
    i18n_web.init_app(app)
    csrf = CSRFProtect(app)

    patient_pages.init_app(app)
    app.register_blueprint(api_views.bp)
    csrf.exempt(api_views.bp)  # sender systems authenticate with a token, not a cookie
    app.register_blueprint(api_receipts.bp)
    csrf.exempt(api_receipts.bp)  # providers sign their receipts; no cookie
    app.register_blueprint(helpsite_views.bp)  # last: it serves every other path from site/
    web_front.init_app(app)  # after the blueprints: it puts limits on their views

    outage.init_app(app)  # every "store unusable" error is a 503 (issue 10)
    cli.init_app(app)
    return app
