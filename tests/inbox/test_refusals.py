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
    try:
        kept = patient_text(value, limit, required=required)
    except Refused as refused:
        trimmed = (value or "").strip()
        if refused.code is Refusal.EMPTY_MESSAGE:
            assert required and not trimmed
        else:
            assert refused.code is Refusal.MESSAGE_TOO_LONG
            assert refused.limit == limit and len(trimmed) > limit
    else:
        assert kept == (value or "").strip() and len(kept) <= limit
        assert kept or not required
