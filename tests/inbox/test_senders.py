"""The sender filter lists exactly the organisations of the reader's items, found by a loose
index scan (app.db.distinct_values) rather than a read of the whole inbox."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db import distinct_values
from app.inbox import access, queries
from app.inbox.models import Item
from tests import factories


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(senders=st.lists(st.integers(min_value=0, max_value=5), max_size=25))
def test_the_loose_scan_finds_what_select_distinct_finds(database, senders):
    organisations = [factories.organisation(database, name=f"Org {n}")[0] for n in range(6)]
    patient, other = factories.patient(database), factories.patient(database)
    factories.item(database, other, organisations[5])  # someone else's sender stays out
    for n in senders:
        factories.item(database, patient, organisations[n])
    found = distinct_values(database, "item", "organisation_id", "patient_id", patient.id)
    expected = set(database.scalars(select(Item.organisation_id).where(Item.patient_id == patient.id)))
    assert sorted(found) == sorted(expected)
    listed = queries.senders(database, access.Reader(patient_id=patient.id))
    assert [o.id for o in listed] == [
        o.id for o in sorted(organisations, key=lambda o: o.name) if o.id in expected
    ]


def test_a_parent_of_a_teenager_does_not_see_whom_the_child_wrote_to(database):
    hospital, _ = factories.organisation(database, name="Sykehuset")
    school_nurse, _ = factories.organisation(database, name="Helsesykepleier")
    child = factories.patient(database, "Jonas")
    factories.item(database, child, hospital)
    factories.item(database, child, school_nurse, from_patient=True)
    teen = access.Reader(patient_id=child.id, actor_id=child.id + 1000, role=access.Role.PARENT_OF_TEEN)
    assert [o.name for o in queries.senders(database, teen)] == ["Sykehuset"]
    assert [o.name for o in queries.senders(database, access.Reader(patient_id=child.id))] == [
        "Helsesykepleier",
        "Sykehuset",
    ]
