"""Probes for the load balancer and the process supervisor: not pages for people."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import db_requests

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
