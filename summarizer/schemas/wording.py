"""How values read to people: a unit beside its number ("162 seats", "two weeks", "400 square miles", "32%")
and a date without an invented year ("8 Sep"), shared by the ledger's notes and the renderers: the one
module both may import.

Our own rule, not a library's (inflect would be one): the units that need it are few and closed (pint's
canonical singular names for time, length, area and mass, and nouns the ledger singularised), so "+s" on
the last word of a lowercase unit serves, less the words that have no plural here."""

from __future__ import annotations

import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_INVARIANT = {"percent", "people", "staff", "personnel", "police", "troops", "aircraft", "cattle", "km", "m", "t",
              "kg", "km²", "m²", "bpd", "mph"}  # fmt: skip


def unit_words(unit: str | None, value: float | int | None) -> str:
    """`unit` as it reads after `value`: plural unless the value is one ("1 day", "14 days"); "%" for
    percent; a currency code, a unit with capitals or a ratio ("officers per men") as given."""
    if not unit:
        return ""
    if unit == "percent":
        return "%"
    words = unit.split()
    last = words[-1]
    if value == 1 or "per" in words or last in _INVARIANT or not re.fullmatch(r"[a-z]+", last) or last.endswith("s"):
        return unit
    plural = (
        last[:-1] + "ies"
        if re.search(r"[^aeiou]y$", last)
        else last + ("es" if last.endswith(("ch", "sh", "x")) else "s")
    )
    return " ".join([*words[:-1], plural])


def with_unit(number: str, unit: str | None, value: float | int | None) -> str:
    """ "162 seats", "32%", "14 days"; the number alone when `unit` is empty or already in its words
    ("$11.7bn" is in USD, "16.2 million South Africans" names them)."""
    words = unit_words(unit, value)
    if unit and re.fullmatch(r"[A-Z]{3}", unit):  # "$11.7bn", "€5 million"; "2,000 CNY" for "2,000 yuan"
        return number if re.search(r"[^\w\s.,]", number) else f"{number} {unit}"
    if not words or (unit and (unit.lower() in number.lower() or " per " in unit)):
        return number  # a ratio's words say it: "three senior officers for every 30"
    return f"{number}{words}" if words == "%" else f"{number} {words}"


def format_date(date: str) -> str:
    """'2024-10-23' -> '23 Oct 2024'; '--10-23' -> '23 Oct'; '2024-10' -> 'Oct 2024'; '--10' -> 'Oct'."""
    m = re.fullmatch(r"(?:--|(\d{4})-)(\d{2})(?:-(\d{2}))?", date)
    if not m or not 1 <= int(m[2]) <= 12:
        return date
    return " ".join(x for x in (m[3] and str(int(m[3])), MONTHS[int(m[2]) - 1], m[1]) if x)
