"""The language of an item's text (issue 14): taken as a BCP 47 tag, stored, and put on the
subject and body wherever a page shows them, whatever the page's own language."""

import pytest
from bs4 import BeautifulSoup

from app.inbox.models import Item
from tests import factories
from tests.api.helpers import count, payload, post


def _page(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize(
    ("given", "stored"),
    [(None, "nb"), ("nn", "nn"), ("SE", "se"), ("en-gb", "en-GB"), ("sr-latn", "sr-Latn")],
)
def test_the_language_is_stored_in_its_conventional_case(client, database, sender, patient, given, stored):
    _, token = sender
    body = payload(patient) if given is None else payload(patient, language=given)
    response = post(client, token, body)
    assert response.status_code == 201, response.json
    assert response.json["language"] == stored
    assert database.get(Item, response.json["id"]).language == stored


@pytest.mark.parametrize("given", ["xx", "norsk", "nb_NO", "x-klingon", "", "nb-", "en-GB-" + "a" * 9])
def test_a_tag_that_is_no_language_is_refused(client, database, sender, patient, given):
    _, token = sender
    response = post(client, token, payload(patient, language=given))
    assert response.status_code == 422, response.json
    refusal = response.json["error"]
    assert refusal["field"] == "language" and "'language'" in refusal["message"], refusal
    assert count(database) == 0


@pytest.mark.parametrize(("page_lang", "marked"), [("nb", None), ("en", "nb"), ("se", "nb")])
def test_a_norwegian_letter_is_marked_norwegian_on_other_pages(
    client, database, sender, patient, page_lang, marked
):
    _, token = sender
    item_id = post(client, token, payload(patient)).json["id"]
    factories.login(client, patient, page_lang)
    listed = _page(client, f"/{page_lang}/innboks/").find("a", string="Innkalling til time")
    shown = _page(client, f"/{page_lang}/innboks/{item_id}/")
    assert listed.get("lang") == marked
    assert shown.find("h1").get("lang") == marked
    assert shown.select_one(".innboks-body").get("lang") == marked


def test_a_sami_letter_is_not_marked_on_a_sami_page_and_is_on_a_norwegian_one(
    client, database, sender, patient
):
    _, token = sender
    item_id = post(client, token, payload(patient, subject="Áigemearri", language="se")).json["id"]
    for page_lang, marked in (("se", None), ("nb", "se")):
        factories.login(client, patient, page_lang)
        shown = _page(client, f"/{page_lang}/innboks/{item_id}/")
        assert shown.find("h1").get("lang") == marked, page_lang
