"""When a figure's own words say its value holds: a weekday ("on Friday"), an offset from the event
("19 minutes later") or a year other than the story's ("in 2019"). Split from `measure`."""

from __future__ import annotations

import re

_WEEKDAY = re.compile(r"\b(?:on|since|by|from|until)\s+((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")
# A time given as an offset from the story's event: "A magnitude 4.9 aftershock followed 19 minutes later".
# Compared by its unit ("minutes later"): another offset in minutes is the same moment, "on Sunday" is not.
_OFFSET = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+(minute|hour|day|week)s?\s+"
    r"(?:later|afterwards)\b"
)
RIGHT_STOP = re.compile(r"\s(?:and|but|while|whereas|with|compared)\s|[,;:()\[\]—–]|\.(?:\s|$)")


def when_of(segment: str, clause: str) -> str | None:
    """The time a figure's own segment gives it ("on Sunday"), else an offset from the event its clause
    gives ("A magnitude 4.9 aftershock followed 19 minutes later" → "minutes later"); None for neither."""
    if m := _WEEKDAY.search(segment):
        return m.group(1)
    return f"{m.group(1)}s later" if (m := _OFFSET.search(clause)) else None


def clause_after(text: str) -> str:
    """The rest of a figure's clause: up to "and", a comma, a bracket or the sentence's end."""
    return text[: m.start()] if (m := RIGHT_STOP.search(text)) else text


_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?!\d|,\d)")
# A relative clause that closes before the figure: "the ANC, which won 54.2% of the province in 2019, fell to
# third with 16.99%": its year is of its own verb, not of the figure after it.
_CLOSED_RELATIVE = re.compile(r",\s+(?:which|who|where)\b[^,;]*,")


def years_in(left: str, right: str, before: str, story_year: int | None) -> list[str]:
    """The years stated in a figure's words around it (`left`, `right`) other than the story's own, less
    those on the left inside a relative clause that closes before it (`before`: its sentence up to it)."""
    closed = {y for m in _CLOSED_RELATIVE.finditer(before) for y in _YEAR.findall(m.group())}
    years = [y for y in _YEAR.findall(left) if y not in closed] + _YEAR.findall(right)
    return [y for y in years if not story_year or int(y) != story_year]
