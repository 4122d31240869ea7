import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.db import MAX_ID
from app.patient_pages.errors import id_or_none
from tests import factories


@given(st.one_of(st.none(), st.text(max_size=30), st.integers(min_value=-5, max_value=2**40).map(str)))
def test_id_or_none_takes_only_ids_a_database_can_hold(raw):
    found = id_or_none(raw)
    if found is None:
        assert not raw or not raw.isascii() or not raw.isdigit() or not 0 < int(raw) <= MAX_ID
    else:
        assert str(found) == raw.lstrip("0") and 0 < found <= MAX_ID


def test_digits_that_are_not_ascii_are_no_id():
    assert id_or_none("²") is None and id_or_none("١٢") is None and id_or_none("12") == 12


@pytest.mark.parametrize(
    "path",
    ["/en/innboks/{n}/", "/en/innboks/{n}/svar/", "/en/innboks/vedlegg/{n}", "/en/innboks/timeavtaler/{n}/"],
)
def test_an_id_larger_than_any_column_is_not_found(client, kari, path):
    factories.login(client, kari, "en")
    response = client.get(path.format(n=2**31))
    assert response.status_code == 404 and "There is no such letter or message" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "sender=2147483648",
        "sender=%C2%B2",
        "before=20261120T090000.000000-2147483648",
        "after=20261120T090000.000000-%C2%B2",
    ],
)
def test_filters_that_cannot_be_ids_are_bad_addresses(client, kari, query):
    factories.login(client, kari, "en")
    response = client.get(f"/en/innboks/?{query}")
    assert response.status_code == 400 and "address" in response.text
