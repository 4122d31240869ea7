"""Norwegian national identity numbers (fødselsnummer and D-number).

11 digits: date of birth (DDMMYY, +40 on the day for a D-number), an
individual number, and two check digits (modulus 11).
"""

from __future__ import annotations

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidNationalId(ValueError):
    pass


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(
        int(d) * w for d, w in zip(digits, weights, strict=False)
    )  # digits may be longer than the weights % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def validate(value) -> str:
    """Return the number if valid; otherwise raise InvalidNationalId saying why."""
    if not isinstance(value, str) or len(value) != 11 or not value.isascii() or not value.isdigit():
        raise InvalidNationalId("a national identity number is 11 digits")
    day, month = int(value[0:2]), int(value[2:4])
    if day > 40:  # D-number
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise InvalidNationalId("the first six digits are not a date of birth")
    k1 = _check_digit(value[:9], _WEIGHTS_1)
    k2 = _check_digit(value[:9] + str(k1), _WEIGHTS_2) if k1 is not None else None
    if k1 is None or k2 is None or value[9:] != f"{k1}{k2}":
        raise InvalidNationalId("the check digits do not match")
    return value


def is_valid(value) -> bool:
    try:
        validate(value)
    except InvalidNationalId:
        return False
    return True


def with_check_digits(first_nine: str) -> str | None:
    """The full number for nine digits, or None if no valid number has them."""
    k1 = _check_digit(first_nine, _WEIGHTS_1)
    if k1 is None:
        return None
    k2 = _check_digit(first_nine + str(k1), _WEIGHTS_2)
    return None if k2 is None else f"{first_nine}{k1}{k2}"
