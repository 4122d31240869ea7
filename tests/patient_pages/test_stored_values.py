"""Issue 10: what a sender delivered and the inbox accepted shows on every page that shows it,
in every language, and reading a page changes nothing it should not."""

import pytest
from sqlalchemy import select

from app.i18n import LANGUAGES
from app.inbox.models import Attachment, Item
from tests import factories
from tests.api.helpers import PDF, attachment, payload, post
from tests.html import page, text


@pytest.fixture
def hospital(database):
    return factories.organisation(database)


def test_a_subject_with_backslashes_is_shown_as_written(client, database, kari, hospital):
    # As a patient might type a path: the page title was built with it as a regex replacement (500).
    subject = r"C:\Users\kari\1 \g<0> \\ \n"
    _, token = hospital
    first = post(client, token, payload(kari, subject=subject), key="first").json
    post(client, token, payload(kari, subject=subject + " 2", in_reply_to=first["id"]), key="second")
    for lang in LANGUAGES:
        factories.login(client, kari, lang)
        inbox = client.get(f"/{lang}/innboks/")
        assert inbox.status_code == 200 and subject in text(page(inbox).select_one("main"))
        item = client.get(f"/{lang}/innboks/{first['id']}/")
        assert item.status_code == 200
        html = page(item)
        assert html.find("h1").get_text() == subject and html.title.get_text().startswith(subject + " - ")
        assert subject + " 2" in text(html.select_one("ol.innboks-thread"))


@pytest.mark.parametrize(
    "delivered,stored,quoted",
    [
        (
            "innkalling\r\nSet-Cookie: x=1.pdf",
            "innkalling Set-Cookie: x=1.pdf",
            "innkalling Set-Cookie: x=1.pdf",
        ),
        ("brev\u202efdp.exe", "brev fdp.exe", "brev fdp.exe"),
        ('svar "ja"; \\ å.pdf', None, None),  # refused by the document: no backslash
        ('svar "ja"; å.pdf', 'svar "ja"; å.pdf', "svar ?ja?; ?.pdf"),
    ],
)
def test_an_attachment_name_is_stored_without_control_characters_and_downloads(
    client, database, kari, hospital, delivered, stored, quoted
):
    _, token = hospital
    response = post(client, token, payload(kari, attachments=[attachment(filename=delivered)]))
    if stored is None:
        assert response.status_code == 422 and response.json["error"]["field"] == "attachments[0].filename"
        return
    assert response.status_code == 201 and response.json["attachments"][0]["filename"] == stored
    factories.login(client, kari)
    download = client.get(f"/nb/innboks/vedlegg/{response.json['attachments'][0]['id']}")
    assert download.status_code == 200 and download.data == PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith(f"inline; filename=\"{quoted}\"; filename*=UTF-8''")
    assert "\r" not in disposition and "\n" not in disposition


def test_a_name_stored_before_names_were_normalised_still_downloads(client, database, kari, hospital):
    item = factories.item(database, kari, hospital[0])
    database.add(
        Attachment(
            item_id=item.id, filename="a\r\nb.pdf", content_type="application/pdf", size=4, data=b"%PDF"
        )
    )
    database.commit()
    attachment_id = database.scalars(select(Attachment.id)).one()
    factories.login(client, kari)
    response = client.get(f"/nb/innboks/vedlegg/{attachment_id}")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"] == "inline; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf"
    )


def test_head_of_an_item_does_not_mark_it_read(client, database, kari, hospital):
    item = factories.item(database, kari, hospital[0])
    factories.login(client, kari)
    assert client.head(f"/nb/innboks/{item.id}/").status_code == 200
    database.expire_all()
    assert database.get(Item, item.id).read_at is None
    assert client.get(f"/nb/innboks/{item.id}/").status_code == 200
    database.expire_all()
    assert database.get(Item, item.id).read_at is not None
