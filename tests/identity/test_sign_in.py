import pytest

from app.identity.sign_in import SignInRefused, acr_is_enough, person_from_claims

HIGH, SUBSTANTIAL = "idporten-loa-high", "idporten-loa-substantial"


@pytest.mark.parametrize(
    "acr,required,enough",
    [
        (HIGH, HIGH, True),
        (SUBSTANTIAL, HIGH, False),
        (HIGH, SUBSTANTIAL, True),
        (SUBSTANTIAL, SUBSTANTIAL, True),
        ("Level4", HIGH, False),  # ID-porten's old names are not accepted
        (None, SUBSTANTIAL, False),
    ],
)
def test_acr_is_enough(acr, required, enough):
    assert acr_is_enough(acr, required) is enough


def test_an_unknown_required_level_is_a_configuration_error():
    with pytest.raises(ValueError, match="unknown required level"):
        acr_is_enough(HIGH, "high")


def test_person_from_pid_not_sub():
    person = person_from_claims({"sub": "pairwise", "pid": "15058012359", "acr": HIGH, "sid": "s1"}, HIGH)
    assert (person.national_id, person.name, person.provider_sid) == ("15058012359", "", "s1")


@pytest.mark.parametrize(
    "claims,reason",
    [
        ({"pid": "15058012359", "acr": SUBSTANTIAL}, SignInRefused.ACR_TOO_LOW),
        ({"pid": "15058012358", "acr": HIGH}, SignInRefused.NO_NATIONAL_ID),
        ({"sub": "15058012359", "acr": HIGH}, SignInRefused.NO_NATIONAL_ID),
    ],
)
def test_refusals(claims, reason):
    with pytest.raises(SignInRefused) as refused:
        person_from_claims(claims, HIGH)
    assert refused.value.reason == reason
