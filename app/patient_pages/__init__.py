"""Every page of the patient's inbox, /<lang>/innboks/…, on top of the domain packages.

One module per area, each with its blueprint; templates in templates/<area>/.
Pages read through app.inbox.access and app.inbox.queries (never a query of
their own), act through the domain modules, and render inside the help site's
chrome (app.helpsite.serving).
"""

from __future__ import annotations

from flask import Flask

from app.patient_pages import (
    appointments,
    dev_outbox,
    devlogin,
    errors,
    inbox,
    notifications,
    representation,
    service_messages,
    signin,
)


def init_app(app: Flask) -> None:
    app.register_blueprint(inbox.bp)
    app.register_blueprint(appointments.bp)
    app.register_blueprint(service_messages.bp)
    app.register_blueprint(notifications.bp)
    representation.init_app(app)
    signin.init_app(app)
    if app.config["DEV_LOGIN"]:
        app.register_blueprint(devlogin.bp)
    if app.config["INNBOKS_ENV"] != "production":
        app.register_blueprint(dev_outbox.bp)
    errors.init_app(app)
