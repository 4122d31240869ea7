"""The help site as the Flask app serves it."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from app.flask_inbox import create_app
from app.helpsite.serving import views
from app.i18n import full_date


@pytest.fixture
def client(built_site):
    return create_app({"TESTING": True, "SITE_DIR": str(built_site)}).test_client()


def test_root_redirects_to_norwegian(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/nb/"


@pytest.mark.parametrize("lang", ["nb", "en", "se"])
def test_citation_carries_the_readers_date(client, monkeypatch, lang):
    monkeypatch.setattr(views, "today", lambda: dt.date(2024, 6, 22))
    response = client.get(f"/{lang}/om-innboks/")
    assert response.status_code == 200
    citation = BeautifulSoup(response.text, "html.parser").select_one(".innboks-citation")
    assert citation.find("time")["datetime"] == "2024-06-22"
    assert f"[{full_date(dt.date(2024, 6, 22), lang)}]" in " ".join(citation.get_text().split()).replace(
        "[vižžon ", "["
    ).replace("[retrieved ", "[").replace("[hentet ", "[")


def test_sami_retrieval_date_as_on_the_portal(client, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: dt.date(2024, 6, 22))
    text = " ".join(
        BeautifulSoup(client.get("/se/om-innboks/").text, "html.parser")
        .select_one(".innboks-citation")
        .get_text()
        .split()
    )
    assert "[vižžon 2024 geassemánnu 22, lávvardat]" in text


def test_page_without_trailing_slash_redirects(client):
    response = client.get("/en/om-innboks")
    assert response.status_code == 308 and response.headers["Location"] == "/en/om-innboks/"


@pytest.mark.parametrize(
    "path,lang",
    [
        ("/en/no-such-page/", "en"),
        ("/se/nope", "se"),
        ("/xx/om-innboks/", "nb"),
        ("/nb/../../etc/passwd", "nb"),
        # Longer than a file name can be (issue 10: the file system's OSError was a 500)
        ("/nb/" + "a" * 300 + "/", "nb"),
        ("/en/om-innboks/" + "å" * 200, "en"),
        ("/" + "a" * 300, "nb"),
    ],
)
def test_not_found_in_the_readers_language(client, path, lang):
    response = client.get(path)
    assert response.status_code == 404
    assert BeautifulSoup(response.text, "html.parser").html["lang"] == lang


def test_assets_and_sitemap(client):
    assert client.get("/sitemap.xml").status_code == 200
    css = client.get("/en/assets/stylesheets/innboks.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
