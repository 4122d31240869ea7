"""The Innboks web application: the help site and, under it, the inbox.

``flask --app app.flask_inbox run`` serves it in development; production runs
``gunicorn 'app.flask_inbox:create_app()'``.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("INNBOKS_INSTANCE_PATH"))
    app.config.from_mapping(
        SITE_DIR=os.environ.get("INNBOKS_SITE_DIR", str(PROJECT_ROOT / "site")),
    )
    if test_config:
        app.config.from_mapping(test_config)

    from app.helpsite import views as helpsite_views

    app.register_blueprint(helpsite_views.bp)
    return app
