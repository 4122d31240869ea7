"""A database that cannot be reached gives a 503 in the reader's language, not a traceback."""

import socket

import pytest
from bs4 import BeautifulSoup

from app.flask_inbox import create_app


@pytest.fixture
def unreachable_app(built_site, tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return create_app(
        {
            "TESTING": True,
            "SITE_DIR": str(built_site),
            "DEV_LOGIN": True,
            "DATABASE_URL": f"postgresql+psycopg://nobody@127.0.0.1:{port}/none",
        }
    )


@pytest.mark.parametrize(
    "lang,title",
    [
        ("nb", "Innboksen er ikke tilgjengelig"),
        ("en", "The inbox is unavailable"),
        ("se", "Innboksen er ikke tilgjengelig"),
    ],
)
def test_inbox_page(unreachable_app, lang, title):
    client = unreachable_app.test_client()
    client.set_cookie("session", "the-id-of-a-signed-in-readers-session")  # kept in the database
    response = client.get(f"/{lang}/innboks/")
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    html = BeautifulSoup(response.text, "html.parser")
    assert html.html["lang"] == lang and html.find("h1").get_text() == title


def test_api(unreachable_app):
    response = unreachable_app.test_client().post(
        "/api/v1/items", json={}, headers={"Authorization": "Bearer innboks_x", "Idempotency-Key": "k"}
    )
    assert response.status_code == 503 and response.json["error"]["code"] == "unavailable"
