"""The list page's overview of the whole inbox: the sender filter lists exactly the
organisations of the reader's items, found by a loose index scan (app.db.distinct_values)
rather than a read of the whole inbox, and the unread count comes in the same statement."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import distinct_values
from app.inbox import access, queries
from tests import factories


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(
        st.tuples(st.integers(min_value=0, max_value=5), st.booleans(), st.booleans()), max_size=25
    ),
    as_parent_of_teen=st.booleans(),
)
def test_the_overview_is_what_reading_every_item_finds(database, items, as_parent_of_teen):
    """``items``: (sender, read, written by the patient) each."""
    organisations = [factories.organisation(database, name=f"Org {n}")[0] for n in range(6)]
    patient, other = factories.patient(database), factories.patient(database)
    factories.item(database, other, organisations[5])  # someone else's stays out
    for n, read, from_patient in items:
        factories.item(database, patient, organisations[n], read=read, from_patient=from_patient)
    found = distinct_values(database, "item", "organisation_id", "patient_id", patient.id)
    assert sorted(found) == sorted({organisations[n].id for n, _read, _mine in items})
    reader = (
        access.Reader(patient_id=patient.id, actor_id=other.id, role=access.Role.PARENT_OF_TEEN)
        if as_parent_of_teen
        else access.Reader(patient_id=patient.id)
    )
    seen = [(n, read) for n, read, mine in items if not (mine and as_parent_of_teen)]
    overview = queries.overview(database, reader)
    assert [o.id for o in overview.senders] == [
        o.id
        for o in sorted(organisations, key=lambda o: o.name)
        if o.id in {organisations[n].id for n, _ in seen}
    ]
    assert overview.unread == sum(1 for _n, read in seen if not read)


def test_a_parent_of_a_teenager_does_not_see_whom_the_child_wrote_to(database):
    hospital, _ = factories.organisation(database, name="Sykehuset")
    school_nurse, _ = factories.organisation(database, name="Helsesykepleier")
    child = factories.patient(database, "Jonas")
    factories.item(database, child, hospital)
    factories.item(database, child, school_nurse, from_patient=True)
    teen = access.Reader(patient_id=child.id, actor_id=child.id + 1000, role=access.Role.PARENT_OF_TEEN)
    assert [o.name for o in queries.overview(database, teen).senders] == ["Sykehuset"]
    assert [o.name for o in queries.overview(database, access.Reader(patient_id=child.id)).senders] == [
        "Helsesykepleier",
        "Sykehuset",
    ]
