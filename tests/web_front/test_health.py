"""/healthz says the process answers; /readyz says whether the database does."""

from __future__ import annotations

import socket

from app.flask_inbox import create_app


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_not_ready_without_a_database(built_site):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(
        {
            "TESTING": True,
            "SITE_DIR": str(built_site),
            "DATABASE_URL": f"postgresql+psycopg://nobody@127.0.0.1:{port}/none",
        }
    )
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["reason"] == "database"
    assert response.headers["Retry-After"] == "10"
    assert client.get("/healthz").status_code == 200  # alive all the same
