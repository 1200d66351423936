from __future__ import annotations

import pytest

from summarizer.extract.quantities import comparable, normalize, parse_date, parse_number, same_value, states_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5,000", 5000),
        ("11,000", 11000),
        ("1.2 million", 1.2e6),
        ("2.5bn", 2.5e9),
        ("2.5 billion", 2.5e9),
        ("$2 billion", 2e9),
        ("three", 3),
        ("thirty-five", 35),
        ("two hundred and five", 205),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("half a million", 5e5),
        ("one", 1),
        ("40%", 40),
        ("about 5,000", 5000),
        ("“10,000”", 10000),
        ("0.5", 0.5),
        ("1950s", 1950),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["", "hello", "October 23", "several thousand", "thousands", "Il-76", "11th", "5,000 and 6,000"]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("October 23", None, "--10-23"),
        ("October 23", 2024, "2024-10-23"),
        ("October 23rd", None, "--10-23"),
        ("Oct. 5", None, "--10-05"),
        ("23 October 2024", None, "2024-10-23"),
        ("November 1, 2024", None, "2024-11-01"),
        ("November 1, 2024", 1999, "2024-11-01"),  # a stated year wins over the reference year
        ("early August", None, "--08"),
        ("early August", 2024, "2024-08"),
        ("mid-October", None, "--10"),
        ("August 2024", None, "2024-08"),
        ("the night of October 23", None, "--10-23"),
        ("Feb 29", None, "--02-29"),
        ("2022", None, "2022"),
        ("2024-10-23", None, "2024-10-23"),
        ("Friday", None, None),
        ("next week", None, None),
        ("yesterday", None, None),
        ("5,000", None, None),
        ("2024-13-45", None, None),
    ],
)
def test_parse_date(text: str, year: int | None, expected: str | None) -> None:
    assert parse_date(text, year) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected_value", "expected_unit"),
    [
        (400, "square miles", 1035.995, "km²"),
        (400, "square mile", 1035.995, "km²"),
        (1000, "square kilometers", 1000, "km²"),
        (1000, "km²", 1000, "km²"),
        (4000, "mile", 6437.376, "km"),
        (10, "kilometres", 10, "km"),
        (3, "metric tons", 3, "t"),
        (2000, "kg", 2, "t"),
        (2, "months", 60.87, "day"),
        (5, "%", 5, "percent"),
        (5, "per cent", 5, "percent"),
        (2e9, "USD", 2e9, "USD"),
        (2e9, "$", 2e9, "USD"),
        (3, "euros", 3, "EUR"),
        (5000, "troops", 5000, "troop"),
        (5000, "soldiers", 5000, "soldier"),
        (30, "men", 30, "man"),
        (3, "casualties", 3, "casualty"),
        (7, None, 7, None),
    ],
)
def test_normalize(value: float, unit: str | None, expected_value: float, expected_unit: str | None) -> None:
    got_value, got_unit = normalize(value, unit)
    assert got_unit == expected_unit
    assert got_value == pytest.approx(expected_value, rel=1e-3)


@pytest.mark.parametrize(
    ("a", "b", "rel_tol", "expected"),
    [
        (5000, 5000, 0.02, True),
        (5000, 5090, 0.02, True),
        (5000, 5200, 0.02, False),
        (1035.99, 1000, 0.05, True),
    ],
)
def test_same_value(a: float, b: float, rel_tol: float, expected: bool) -> None:
    assert same_value(a, b, rel_tol) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("square mile", "km²", True),
        ("mile", "km", True),
        ("troops", "troop", True),
        ("troops", "soldiers", False),  # conflating these is the ledger's call, not ours
        ("mile", "square mile", False),
        ("percent", "%", True),
        ("USD", "EUR", False),
        (None, None, True),
    ],
)
def test_comparable(a: str | None, b: str | None, expected: bool) -> None:
    assert comparable(a, b) is expected


@pytest.mark.parametrize(
    ("quote", "value", "unit", "expected"),
    [
        ("as many as 5,000 North Korean troops", 5000, "troops", True),
        ("as many as 5,000 North Korean troops", 500, "troops", False),
        ("1.2 million soldiers", 1.2e6, "soldiers", True),
        ("three senior officers", 3, "officers", True),
        ("one Ukrainian and two U.S. officials", 1, "officials", True),
        ("about 400 square miles", 400, "square mile", True),
        ("about 400 square miles", 1036, "km²", True),  # same area in the canonical unit
        ("about 400 square kilometers", 400, "square mile", False),  # same number, other area
        ("nearly 4,000-mile journey", 4000, "mile", True),
        ("$2 billion in aid", 2e9, "USD", True),
        ("40 percent of voters", 40, "percent", True),
        ("October 23", "--10-23", None, True),
        ("October 23", "2024-10-23", None, True),  # the quote need not state the reference year
        ("October 23, 2023", "2024-10-23", None, False),
        ("October 27 and 28", "--10-28", None, True),
        ("by November 1, 2024", "2024-11-01", None, True),
        ("in early August", "--08", None, True),
        ("since August", "--08", None, True),
        ("since the 1950s", 1950, None, True),
        ("in 2022", 2022, None, True),
        ("at 14:30 local time", "14:30", None, True),
        ("several thousand", None, None, True),
        ("thousands of metric tons", None, "metric ton", True),
        ("5,000 troops", None, "troops", False),
        ("one interpreter and three senior officers for every 30", 1 / 30, "interpreter per men", True),
        ("no number here", 3, None, False),
    ],
)
def test_states_value(quote: str, value: float | str | None, unit: str | None, expected: bool) -> None:
    assert states_value(quote, value, unit) is expected
