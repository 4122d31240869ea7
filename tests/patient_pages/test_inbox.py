"""A patient reads their inbox in nb, en and se, inside the help site's chrome."""

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from app import web_sessions
from app.inbox.access_log import AccessLogEntry
from app.inbox.models import Attachment, BodyFormat, Category, Item
from app.organisations.models import OrganisationKind
from tests import factories
from tests.html import csrf, page, text

LANGS = ["nb", "en", "se"]


@pytest.fixture
def hospital(database):
    return factories.organisation(database)[0]


@pytest.fixture
def gp(database):
    return factories.organisation(database, kind=OrganisationKind.GP, name="Fastlegen")[0]


def test_not_logged_in_goes_to_development_login(client):
    response = client.get("/en/innboks/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/innboks/utvikler-innlogging/?next=")


@pytest.mark.parametrize(
    "lang,heading,unread,category",
    [
        ("nb", "Innboks", "Du har 1 ulest brev eller melding.", "Brev"),
        ("en", "Inbox", "You have 1 unread item.", "Letter"),
        ("se", "Innboks", "Du har 1 ulest brev eller melding.", "Brev"),  # se falls back to nb per string
    ],
)
def test_inbox_lists_items_newest_first(
    client, database, kari, hospital, gp, lang, heading, unread, category
):
    factories.item(
        database, kari, hospital, subject="Innkalling", sent_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    )
    factories.item(
        database,
        kari,
        gp,
        subject="Prøvesvar",
        category=Category.MESSAGE,
        read=True,
        sent_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC),
    )
    factories.login(client, kari, lang)
    html = page(client.get(f"/{lang}/innboks/"))
    assert html.html["lang"] == lang
    assert text(html.find("h1")) == heading
    assert text(html.select_one(".innboks-unread")) == unread
    rows = html.select("table.innboks-items tbody tr")
    assert [text(r.find("th")) for r in rows] == ["Prøvesvar", "Innkalling"]
    assert text(rows[1].find_all("td")[1]) == category
    assert rows[1]["class"] == ["innboks-item--unread"] and rows[0]["class"] == ["innboks-item--read"]
    # The help site's chrome, its language switcher pointing at the inbox in each language.
    assert html.select_one("header.md-header") and html.select_one("footer.md-footer")
    assert [a["href"] for a in html.select("a.md-select__link")] == [
        "/nb/innboks/",
        "/en/innboks/",
        "/se/innboks/",
    ]
    assert html.select_one(f'a[href="/{lang}/om-innboks/"]') is not None


def test_dates_in_the_page_language(client, database, kari, hospital):
    factories.item(database, kari, hospital, sent_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    factories.login(client, kari)
    shown = {lang: text(page(client.get(f"/{lang}/innboks/")).select_one("tbody time")) for lang in LANGS}
    assert shown == {"nb": "20. nov. 2026, 10:00", "en": "Nov 20, 2026, 10:00 AM", "se": "2026 skáb 20 10:00"}


def test_only_my_items(client, database, kari, hospital):
    ola = factories.patient(database, "Ola Nordmann")
    factories.item(database, ola, hospital, subject="Olas brev")
    factories.login(client, kari)
    assert "Olas brev" not in client.get("/nb/innboks/").text


def test_filter_by_category_and_sender(client, database, kari, hospital, gp):
    factories.item(database, kari, hospital, subject="Brev fra sykehus")
    factories.item(database, kari, gp, subject="Melding fra fastlege", category=Category.MESSAGE)
    factories.login(client, kari)
    by_category = page(client.get("/nb/innboks/?category=message"))
    assert [text(t) for t in by_category.select("tbody th")] == ["Melding fra fastlege"]
    by_sender = page(client.get(f"/nb/innboks/?sender={hospital.id}"))
    assert [text(t) for t in by_sender.select("tbody th")] == ["Brev fra sykehus"]
    assert by_sender.select_one(f'#filter-sender option[value="{hospital.id}"]').has_attr("selected")
    # The language switcher keeps the filter.
    assert (
        by_sender.select_one('a.md-select__link[hreflang="en"]')["href"]
        == f"/en/innboks/?sender={hospital.id}"
    )


@pytest.mark.parametrize(
    "query,message",
    [
        ("category=invoice", "Det finnes ingen kategori som heter invoice."),
        ("sender=abc", "Avsenderen i adressen er ikke gyldig."),
        ("before=garbage", "Siden i adressen er ikke gyldig."),
    ],
)
def test_bad_filters_are_400_with_a_message(client, kari, query, message):
    factories.login(client, kari)
    response = client.get(f"/nb/innboks/?{query}")
    assert response.status_code == 400
    assert message in text(page(response).select_one("article"))


def test_paging_through_many_items(app, client, database, kari, hospital):
    app.config["INBOX_PAGE_SIZE"] = 10
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(25):
        # Pairs with the same time: paging must not skip or repeat items that tie.
        factories.item(
            database, kari, hospital, subject=f"Brev {n:02d}", sent_at=start + dt.timedelta(hours=n // 2)
        )
    factories.login(client, kari)
    seen, url = [], "/nb/innboks/"
    while url:
        html = page(client.get(url))
        seen += [text(t) for t in html.select("tbody th")]
        older = html.select_one('a[rel="next"]')
        url = older["href"] if older else None
    assert len(seen) == 25 and len(set(seen)) == 25
    assert seen[0] in ("Brev 24",) and seen[-1] in ("Brev 00", "Brev 01")
    newer = page(client.get(html.select_one('a[rel="prev"]')["href"]))
    assert len(newer.select("tbody th")) == 10


def test_opening_an_item_shows_it_marks_it_read_and_shows_the_thread(client, database, kari, hospital):
    first = factories.item(
        database,
        kari,
        hospital,
        subject="Innkalling",
        body="Første avsnitt.\n\nAndre avsnitt.",
        sent_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )
    reply = factories.item(
        database,
        kari,
        hospital,
        subject="Svar",
        thread=first.thread,
        sent_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    factories.login(client, kari, "en")
    response = client.get(f"/en/innboks/{first.id}/")
    html = page(response)
    assert text(html.find("h1")) == "Innkalling"
    assert [text(p) for p in html.select(".innboks-body p")] == ["Første avsnitt.", "Andre avsnitt."]
    assert [text(li).split(" – ")[0] for li in html.select("ol.innboks-thread li")] == ["Innkalling", "Svar"]
    assert html.select_one('ol.innboks-thread li[aria-current="page"]') is not None
    assert html.select_one('a.md-select__link[hreflang="se"]')["href"] == f"/se/innboks/{first.id}/"
    database.expire_all()
    assert database.get(Item, first.id).read_at is not None
    assert database.get(Item, reply.id).read_at is None


def test_html_body_is_shown_sanitized(client, database, kari, hospital):
    item = factories.item(database, kari, hospital)
    item.body, item.body_format = "<p>Møt opp <strong>i tide</strong>.</p>", BodyFormat.HTML
    database.commit()
    factories.login(client, kari)
    body = page(client.get(f"/nb/innboks/{item.id}/")).select_one(".innboks-body")
    assert body.find("strong").get_text() == "i tide"


def test_someone_elses_item_is_not_found(client, database, kari, hospital):
    ola = factories.patient(database, "Ola Nordmann")
    theirs = factories.item(database, ola, hospital)
    factories.login(client, kari, "se")
    for url in (f"/se/innboks/{theirs.id}/", "/se/innboks/999999/"):
        response = client.get(url)
        assert response.status_code == 404
        assert page(response).html["lang"] == "se"
    database.expire_all()
    assert database.get(Item, theirs.id).read_at is None


def test_attachment_only_to_its_patient(client, database, kari, hospital):
    item = factories.item(database, kari, hospital)
    database.add(
        Attachment(
            item_id=item.id,
            filename="innkalling å.pdf",
            content_type="application/pdf",
            size=9,
            data=b"%PDF-1.4\n",
        )
    )
    database.commit()
    attachment_id = item.attachments[0].id if item.attachments else database.query(Attachment).one().id
    factories.login(client, kari)
    response = client.get(f"/nb/innboks/vedlegg/{attachment_id}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4\n"
    assert response.mimetype == "application/pdf"
    assert (
        response.headers["Content-Disposition"]
        == "inline; filename=\"innkalling ?.pdf\"; filename*=UTF-8''innkalling%20%C3%A5.pdf"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    other = app_client = client.application.test_client()
    factories.login(app_client, factories.patient(database, "Ola Nordmann"))
    assert other.get(f"/nb/innboks/vedlegg/{attachment_id}").status_code == 404


def test_development_login_is_labelled_and_needs_csrf(client, kari):
    html = page(client.get("/en/innboks/utvikler-innlogging/"))
    assert "For development and testing only" in text(html.select_one(".admonition"))
    assert "Kari Nordmann" in text(html.select_one("fieldset"))
    response = client.post("/en/innboks/utvikler-innlogging/", data={"patient_id": kari.id})
    assert response.status_code == 400
    assert "The form has expired" in response.text


def test_development_login_rejects_unknown_patient_and_foreign_redirects(client, kari):
    token = csrf(client)
    bad = client.post("/nb/innboks/utvikler-innlogging/", data={"csrf_token": token, "patient_id": "99999"})
    assert bad.status_code == 400 and "Velg en av pasientene i listen." in bad.text
    ok = client.post(
        "/nb/innboks/utvikler-innlogging/",
        data={"csrf_token": token, "patient_id": kari.id, "next": "//evil.example/"},
    )
    assert ok.status_code == 303 and ok.headers["Location"] == "/nb/innboks/"


def test_an_item_page_takes_a_fixed_number_of_statements(client, database, kari, hospital, gp, statements):
    """However long the thread and however many attachments, from however many senders:
    a lazy load added to the page shows up here as statements more, and a read after the
    log's commit as a second checkout."""
    first = factories.item(database, kari, hospital, sent_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    for number, sender in enumerate((gp, hospital, gp)):
        factories.item(
            database,
            kari,
            sender,
            subject=f"Svar {number}",
            thread=first.thread,
            sent_at=dt.datetime(2026, 11, 2 + number, tzinfo=dt.UTC),
            from_patient=number == 1,
            read=True,
        )
    for name in ("a.pdf", "b.pdf"):
        database.add(
            Attachment(item_id=first.id, filename=name, content_type="application/pdf", size=1, data=b"x")
        )
    database.commit()
    factories.login(client, kari, "en")
    for read_already in (False, True):
        statements["statements"].clear()
        response = client.get(f"/en/innboks/{first.id}/")
        assert response.status_code == 200
        html = page(response)
        assert len(html.select("ol.innboks-thread li")) == 4
        assert len(html.select("ul.innboks-attachments li")) == 2
        # The item with its sender, thread and attachments, the thread's items with their
        # senders, the delivery trail; the read mark (the first time) and the log entry,
        # committed with them. The signed-in name comes from the session.
        ran = [sql for _checkout, sql in statements["statements"]]
        assert len(ran) == (4 if read_already else 5), ran
        assert len({checkout for checkout, _sql in statements["statements"]}) == 1, statements["statements"]


def test_a_list_page_reads_its_session_and_its_items_on_one_connection(
    client, database, kari, hospital, statements
):
    """One checkout from the pool for the whole page, and on PostgreSQL no transaction, as
    the page only reads: a transaction would be a BEGIN and a ROLLBACK more."""
    factories.item(database, kari, hospital)
    factories.login(client, kari)
    client.get("/nb/innboks/")  # the session's first activity is written down now, not below
    statements["all"].clear()
    statements["in_transaction"].clear()
    response = client.get("/nb/innboks/")
    assert response.status_code == 200
    assert any("web_session" in sql for _checkout, sql in statements["all"]), statements["all"]
    assert len({checkout for checkout, _sql in statements["all"]}) == 1, statements["all"]
    assert statements["in_transaction"] == []


def test_the_signed_in_name_comes_from_the_session(client, database, kari, hospital, statements):
    """Every inbox page names who is signed in; the sign-in keeps the name in the session, so
    no page reads it. A session begun before the name was kept reads it once, then keeps it."""
    factories.item(database, kari, hospital)
    factories.login(client, kari, "en")
    for begun_before in (False, True):
        if begun_before:
            with client.session_transaction() as session:
                del session[web_sessions.SHOWN_AS]
        for visit in range(2):
            statements["all"].clear()
            response = client.get("/en/innboks/")
            assert "Signed in as Kari Nordmann" in text(page(response).select_one(".innboks-signed-in"))
            reads = [sql for _checkout, sql in statements["all"] if "patient.name" in sql]
            assert len(reads) == (1 if begun_before and visit == 0 else 0), statements["all"]


def test_a_person_without_a_name_is_shown_by_birth_date(client, database):
    nameless = factories.patient(database, "")
    factories.login(client, nameless, "en")
    shown = text(page(client.get("/en/innboks/")).select_one(".innboks-signed-in"))
    assert f"Signed in as {nameless.national_id[:6]} *****" in shown
    assert nameless.national_id not in shown


def test_an_item_page_writes_its_read_mark_and_log_entry_in_one_transaction(
    client, database, kari, hospital, statements
):
    item = factories.item(database, kari, hospital)
    factories.login(client, kari)
    client.get("/nb/innboks/")
    statements["in_transaction"].clear()
    assert client.get(f"/nb/innboks/{item.id}/").status_code == 200
    if database.get_bind().dialect.name == "postgresql":
        assert [sql.split()[0] for sql in statements["in_transaction"]] == ["UPDATE", "INSERT"]


def test_an_item_is_not_shown_unless_its_reading_is_logged(app, client, database, kari, hospital):
    item = factories.item(database, kari, hospital, subject="Hemmelig innkalling")
    factories.login(client, kari, "en")
    engine = app.extensions["innboks.db"].kw["bind"]

    def refuse_the_log(conn, cursor, sql, parameters, context, executemany):
        if sql.lstrip().upper().startswith("INSERT INTO ACCESS_LOG"):
            raise RuntimeError("the log is full")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # the 500 page a patient would get
    event.listen(engine, "before_cursor_execute", refuse_the_log)
    try:
        response = client.get(f"/en/innboks/{item.id}/")
    finally:
        event.remove(engine, "before_cursor_execute", refuse_the_log)
    assert response.status_code == 500
    assert "Hemmelig innkalling" not in response.text
    database.expire_all()
    assert database.get(Item, item.id).read_at is None
    assert database.scalar(select(func.count()).select_from(AccessLogEntry)) == 0
