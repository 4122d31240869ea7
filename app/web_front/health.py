"""Probes for the load balancer and the process supervisor: not pages for people."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import db_requests
from app.dispatch import queries as dispatch_queries
from app.dispatch.models import Status

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process lives and answers; says nothing about what it depends on."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers. 503 otherwise, so the balancer waits."""
    try:
        with db_requests.engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        current_app.logger.warning("Not ready, the database does not answer: %s", type(exc).__name__)
        response = jsonify(status="unavailable", reason="database")
        response.status_code = 503
        response.headers["Retry-After"] = "10"
        return response
    return jsonify(status="ok")


@bp.get("/metrics")
def metrics():
    """For the operators' monitoring (Prometheus' text format): the outbox by status, and how
    many dispatches reached no one. Counted in the database, so every process agrees; the
    proxy in front should expose it to the internal network only (README, "Production")."""
    database = db_requests.session()
    lines = [
        "# HELP innboks_dispatches Dispatches (notifications and letters) by status.",
        "# TYPE innboks_dispatches gauge",
    ]
    counts = dispatch_queries.counts_by_status(database)
    lines += [f'innboks_dispatches{{status="{status.value}"}} {counts.get(status, 0)}' for status in Status]
    lines += [
        "# HELP innboks_dispatches_undeliverable Dispatches that reached no one: every channel "
        "failed, or there was none.",
        "# TYPE innboks_dispatches_undeliverable gauge",
        f"innboks_dispatches_undeliverable {dispatch_queries.undeliverable(database)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})
