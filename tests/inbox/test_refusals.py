import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.inbox.refusals import FORM_MISTAKES, STATUS, Refusal, Refused, patient_text


def test_every_refusal_has_a_status_and_only_form_mistakes_are_correctable():
    assert set(STATUS) == set(Refusal)
    for code in Refusal:
        assert Refused(code).correctable == (code in FORM_MISTAKES)
        assert 400 <= Refused(code).status < 500


@given(st.one_of(st.none(), st.text()), st.integers(min_value=0, max_value=50), st.booleans())
def test_patient_text_keeps_what_fits_and_names_what_does_not(value, limit, required):
    typable = "".join(c for c in value or "" if c in "\t\n\r" or not (c < " " or c == "\x7f"))
    try:
        kept = patient_text(value, limit, required=required)
    except Refused as refused:
        trimmed = typable.strip()
        if refused.code is Refusal.EMPTY_MESSAGE:
            assert required and not trimmed
        else:
            assert refused.code is Refusal.MESSAGE_TOO_LONG
            assert refused.limit == limit and len(trimmed) > limit
    else:
        assert kept == typable.strip() and len(kept) <= limit
        assert kept or not required


def test_control_characters_are_dropped_and_typed_whitespace_kept():
    # PostgreSQL cannot store NUL (issue 10: a form with one answered 500 there).
    assert patient_text("Hei\x00 du\x1b\r\n\tder\x7f", 100, required=True) == "Hei du\r\n\tder"
    with pytest.raises(Refused) as refused:
        patient_text("\x00\x01 ", 100, required=True)
    assert refused.value.code is Refusal.EMPTY_MESSAGE
