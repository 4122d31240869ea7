import pytest

from app.identity.fodselsnummer import InvalidNationalId, is_valid, validate, with_check_digits


@pytest.mark.parametrize(
    "number", ["15058012359", "01020304932", "24129900896", with_check_digits("410190123") or "41019012302"]
)
def test_valid_numbers(number):
    assert validate(number) == number


def test_d_number():
    number = with_check_digits("550580123")  # day 15 + 40
    assert number and is_valid(number)


@pytest.mark.parametrize(
    "number,reason",
    [
        ("1505801235", "11 digits"),
        ("150580123590", "11 digits"),
        ("1505801235a", "11 digits"),
        ("١٥٠٥٨٠١٢٣٥٩", "11 digits"),
        (15058012359, "11 digits"),
        (None, "11 digits"),
        ("15058012358", "check digits"),
        ("15058012369", "check digits"),
        ("32018012345", "date of birth"),
        ("15138012345", "date of birth"),
    ],
)
def test_invalid_numbers(number, reason):
    with pytest.raises(InvalidNationalId, match=reason):
        validate(number)
    assert not is_valid(number)


def test_nine_digits_without_a_valid_number():
    assert with_check_digits("010190123") is None
