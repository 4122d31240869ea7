"""How pages name the person signed in (app.patients.rules)."""

from hypothesis import given
from hypothesis import strategies as st

from app.patients.rules import shown_as


def test_a_person_is_shown_by_name():
    assert shown_as("Kari Nordmann", "01019012345") == "Kari Nordmann"


def test_without_a_name_only_the_birth_date_of_the_number_shows():
    assert shown_as("", "01019012345") == "010190 *****"
    assert shown_as(None, "01019012345") == "010190 *****"


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_no_digit_after_the_birth_date_shows(national_id):
    shown = shown_as("", national_id)
    assert shown.startswith(national_id[:6]) and not any(c.isdigit() for c in shown[6:])
