"""How values read to people, the same in every rendering: separators, units, dates without invented years."""

from __future__ import annotations

import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_number(
    value: float | str | None, unit: str | None = None, text: str | None = None, kind: str | None = None
) -> str:
    """Numbers with separators, then the unit; dates as '23 Oct'; years bare; vague values as worded."""
    if value is None:
        return text or "—"
    if isinstance(value, str):
        return format_date(value)
    v = float(value)
    if kind == "year":
        return f"{v:.0f}"
    number = f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{number} {unit}" if unit else number


def format_date(date: str) -> str:
    """'2024-10-23' -> '23 Oct 2024'; '--10-23' -> '23 Oct'; '2024-10' -> 'Oct 2024'; '--10' -> 'Oct'."""
    m = re.fullmatch(r"(?:--|(\d{4})-)(\d{2})(?:-(\d{2}))?", date)
    if not m or not 1 <= int(m[2]) <= 12:
        return date
    return " ".join(x for x in (m[3] and str(int(m[3])), MONTHS[int(m[2]) - 1], m[1]) if x)
