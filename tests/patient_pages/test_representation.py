"""Giving, using and withdrawing a power of attorney, parents and children, and the log the
patient reads."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from app import clock
from app.inbox.access_log import AccessLogEntry
from app.patients.models import Patient
from app.representation.models import PowerOfAttorney, Scope
from tests import factories
from tests.html import csrf, page
from tests.html import text as text_of
from tests.register_server import running

NOW = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def register():
    with running() as server:
        yield server


@pytest.fixture
def app_config(register):
    return {"POPULATION_REGISTER_URL": register.url}


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(NOW):
        yield


def give(client, **form):
    return client.post("/nb/innboks/fullmakter/", data={"csrf_token": csrf(client), **form})


def choose(client, patient_id):
    return client.post("/nb/innboks/velg/", data={"csrf_token": csrf(client), "patient": patient_id})


def test_a_power_given_is_used_seen_in_the_log_and_withdrawn(client, database):
    kari = factories.patient(database, "Kari Nordmann")
    ola = factories.patient(database, "Ola Nordmann")
    org, _ = factories.organisation(database)
    letter = factories.item(database, kari, org, subject="Innkalling til time")

    factories.login(client, kari)
    assert give(client, national_id=ola.national_id, scope="read", valid_until="").status_code == 303
    listed = page(client.get("/nb/innboks/fullmakter/"))
    assert "Ola Nordmann" in text_of(listed.select_one("table")) and "lese" in text_of(
        listed.select_one("table")
    )

    # Ola signs in, chooses Kari's inbox, reads the letter; the banner says whose inbox it is.
    factories.login(client, ola)
    assert choose(client, kari.id).status_code == 303
    inbox = page(client.get("/nb/innboks/"))
    assert "Du er i innboksen til Kari Nordmann" in text_of(inbox.select_one(".innboks-acting-for"))
    assert client.get(f"/nb/innboks/{letter.id}/").status_code == 200
    database.refresh(letter)
    assert letter.read_at is None  # still unread for Kari
    # A power to read is not one to act.
    assert client.get("/nb/innboks/ny-melding/").status_code == 403

    # Kari reads her log in English and Norwegian.
    factories.login(client, kari, "en")
    log = page(client.get("/en/innboks/logg/"))
    assert "Your power-of-attorney holder Ola Nordmann read “Innkalling til time” on" in text_of(
        log.select_one("ol.innboks-log")
    )
    log_nb = page(client.get("/nb/innboks/logg/"))
    assert "Fullmektigen din Ola Nordmann leste «Innkalling til time»" in text_of(
        log_nb.select_one("ol.innboks-log")
    )
    # … and sees when Ola last looked.
    assert "aldri" not in text_of(page(client.get("/nb/innboks/fullmakter/")).select_one("table"))

    power = database.scalars(select(PowerOfAttorney)).one()
    withdrawn = client.post(
        f"/nb/innboks/fullmakter/{power.id}/trekk-tilbake", data={"csrf_token": csrf(client)}
    )
    assert withdrawn.status_code == 303
    # Ola is back in his own inbox on his next request, and cannot choose Kari's again.
    factories.login(client, ola)
    assert choose(client, kari.id).status_code == 422
    assert client.get(f"/nb/innboks/{letter.id}/").status_code == 404


def test_a_power_withdrawn_while_in_use_ends_at_once(client, database):
    kari = factories.patient(database, "Kari Nordmann")
    ola = factories.patient(database, "Ola Nordmann")
    org, _ = factories.organisation(database)
    letter = factories.item(database, kari, org)
    database.add(PowerOfAttorney(giver_id=kari.id, holder_national_id=ola.national_id, scope=Scope.ACT))
    database.commit()
    factories.login(client, ola)
    choose(client, kari.id)
    assert client.get(f"/nb/innboks/{letter.id}/").status_code == 200
    database.scalars(select(PowerOfAttorney)).one().withdrawn_at = NOW
    database.commit()
    assert client.get(f"/nb/innboks/{letter.id}/").status_code == 404
    assert page(client.get("/nb/innboks/")).select_one(".innboks-acting-for") is None


@pytest.mark.parametrize(
    ("form", "status", "says"),
    [
        ({"national_id": "12345678901", "scope": "read"}, 422, "11 sifre"),
        ({"national_id": "", "scope": "read"}, 422, "11 sifre"),
        ({"national_id": "OWN", "scope": "read"}, 422, "ditt eget nummer"),
        ({"national_id": "OTHER", "scope": "everything"}, 422, "lese, eller lese og handle"),
        ({"national_id": "OTHER", "scope": "read", "valid_until": "2026-13-45"}, 422, "som en dato"),
        ({"national_id": "OTHER", "scope": "read", "valid_until": "2026-11-23"}, 422, "har passert"),
        ({"national_id": "OTHER", "scope": "read", "valid_until": "2040-01-01"}, 422, "ti år"),
    ],
)
def test_a_wrong_power_is_refused_with_what_to_do(client, database, form, status, says):
    kari = factories.patient(database, "Kari Nordmann")
    other = factories.national_id()
    form = {k: {"OWN": kari.national_id, "OTHER": other}.get(v, v) for k, v in form.items()}
    factories.login(client, kari)
    response = give(client, **form)
    assert response.status_code == status
    html = page(response)
    summary = html.select_one("#error-summary")
    assert says in text_of(summary) and html.title.get_text().startswith("Feil: Fullmakter")
    field = summary.select_one("a")["href"].lstrip("#")
    assert html.select_one(f"#{field}")["aria-invalid"] == "true"
    assert says in text_of(html.select_one(f"#{field}-error"))
    assert database.scalars(select(PowerOfAttorney)).all() == []


def test_the_same_person_twice_is_refused(client, database):
    kari = factories.patient(database, "Kari Nordmann")
    other = factories.national_id()
    factories.login(client, kari)
    assert give(client, national_id=other, scope="read").status_code == 303
    assert give(client, national_id=other[:6] + " " + other[6:], scope="act").status_code == 409


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    national_id=st.text(max_size=30),
    scope=st.one_of(st.sampled_from(["read", "act"]), st.text(max_size=10)),
    valid_until=st.one_of(st.dates().map(str), st.text(max_size=20)),
)
def test_any_power_form_is_stored_and_shown_or_refused(client, database, national_id, scope, valid_until):
    kari = database.scalars(select(Patient).where(Patient.name == "Fullmaktsgiver")).first()
    kari = kari or factories.patient(database, "Fullmaktsgiver")
    factories.login(client, kari)
    response = give(client, national_id=national_id, scope=scope, valid_until=valid_until)
    assert response.status_code in (303, 409, 422)
    listing = client.get("/nb/innboks/fullmakter/")
    assert listing.status_code == 200


def test_a_parent_acts_fully_for_a_young_child_and_sees_less_from_12(client, database, register):
    mother = factories.patient(database, "Mor Nordmann")
    young, teen = factories.national_id(), factories.national_id()
    register.add_child(mother.national_id, young, "Nora Nordmann", dt.date(2017, 3, 12))
    register.add_child(mother.national_id, teen, "Jonas Nordmann", dt.date(2013, 9, 3))
    factories.login(client, mother)
    options = page(client.get("/nb/innboks/velg/"))
    labels = [text_of(label) for label in options.select("label")]
    assert any("Nora Nordmann (forelder)" in label for label in labels)
    assert any(label.startswith("Jonas Nordmann (forelder til et barn på 12 til 15 år") for label in labels)
    jonas = database.scalars(select(Patient).where(Patient.national_id == teen)).one()
    org, _ = factories.organisation(database)
    letter = factories.item(database, jonas, org, subject="Time hos helsesykepleier")
    choose(client, jonas.id)
    inbox = page(client.get("/nb/innboks/"))
    assert "Time hos helsesykepleier" not in inbox.text
    assert "Bare barnet kan lese dette" in inbox.text
    refused = client.get(f"/nb/innboks/{letter.id}/")
    assert refused.status_code == 403 and "Fra barnet er 12 år" in refused.text


def test_without_the_register_a_parent_gets_their_own_inbox_and_is_told(client, database, register):
    mother = factories.patient(database, "Mor Nordmann")
    register.add_child(mother.national_id, factories.national_id(), "Nora", dt.date(2017, 3, 12))
    register.misbehave = "500"
    try:
        factories.login(client, mother)
        options = client.get("/nb/innboks/velg/")
        assert options.status_code == 200 and "Folkeregisteret" in options.text
    finally:
        register.misbehave = None


def test_the_log_is_paged_and_filtered_by_who_looked(app, client, database):
    app.config["INBOX_PAGE_SIZE"] = 2
    kari = factories.patient(database, "Kari Nordmann")
    ola = factories.patient(database, "Ola Nordmann")
    org, _ = factories.organisation(database)
    letters = [factories.item(database, kari, org, subject=f"Brev {n}") for n in range(3)]
    database.add(PowerOfAttorney(giver_id=kari.id, holder_national_id=ola.national_id, scope=Scope.READ))
    database.commit()
    factories.login(client, ola)
    choose(client, kari.id)
    client.get(f"/nb/innboks/{letters[0].id}/")
    factories.login(client, kari)
    for letter in letters:
        client.get(f"/nb/innboks/{letter.id}/")
    first = page(client.get("/nb/innboks/logg/"))
    assert [text_of(li)[:16] for li in first.select("ol.innboks-log li")] == [
        "Du leste «Brev 2",
        "Du leste «Brev 1",
    ]
    older = first.select_one('a[rel="next"]')["href"]
    second = page(client.get(older))
    assert [text_of(li)[:16] for li in second.select("ol.innboks-log li")] == [
        "Du leste «Brev 0",
        "Fullmektigen din",
    ]
    who = first.select_one("#log-who")
    ola_key = next(o["value"] for o in who.select("option") if o.text == "Ola Nordmann")
    only_ola = page(client.get(f"/nb/innboks/logg/?who={ola_key}"))
    assert len(only_ola.select("ol.innboks-log li")) == 1
    assert client.get("/nb/innboks/logg/?who=p999999").status_code == 400
    assert client.get("/nb/innboks/logg/?before=abc").status_code == 400


def test_the_database_refuses_to_change_or_remove_log_entries(app, client, database):
    if database.bind.dialect.name != "postgresql":
        pytest.skip("the database's own guard is PostgreSQL's (a trigger); SQLite relies on the app")
    kari = factories.patient(database, "Kari Nordmann")
    org, _ = factories.organisation(database)
    letter = factories.item(database, kari, org)
    factories.login(client, kari)
    client.get(f"/nb/innboks/{letter.id}/")
    assert database.scalars(select(AccessLogEntry)).one()
    for statement in (
        "UPDATE access_log SET role = 'nobody'",
        "DELETE FROM access_log",
        "TRUNCATE access_log",
    ):
        with pytest.raises(Exception, match="append-only"):
            database.execute(text(statement))
        database.rollback()
    assert database.scalars(select(AccessLogEntry)).one().role == "patient"


def test_an_item_read_for_someone_else_takes_one_transaction(client, database, statements):
    """The banner's name of whose inbox it is comes before the log's commit too."""
    kari = factories.patient(database, "Kari Nordmann")
    ola = factories.patient(database, "Ola Nordmann")
    org, _ = factories.organisation(database)
    letter = factories.item(database, kari, org, subject="Innkalling til time")
    factories.login(client, kari)
    assert give(client, national_id=ola.national_id, scope="read", valid_until="").status_code == 303
    factories.login(client, ola)
    assert choose(client, kari.id).status_code == 303
    statements["statements"].clear()
    shown = page(client.get(f"/nb/innboks/{letter.id}/"))
    assert "Du er i innboksen til Kari Nordmann" in text_of(shown.select_one(".innboks-acting-for"))
    assert "Ola Nordmann" in text_of(shown.select_one(".innboks-signed-in"))
    assert len({checkout for checkout, _sql in statements["statements"]}) == 1, statements["statements"][-4:]
