"""Dates, clock times and years in the ledger. Split from `ledger`.

A date, time or year an event word names ("held on May 29", "the 1960 Agadir earthquake") is grouped by
that event. One no event word names ("in 2019", "at 21:00", "Midrand, 2 June 2024") is still a value the
articles state, and two articles stating it agree: it is grouped by its value as written (its `period`,
so "year (2019)", "time (21:00)"), and joins the one event's group of its kind that holds the same value
from another article (`ledger_attach`). Values as written never differ within such a group, so it is never
flagged; years are never compared at all (`ledger`). Nor is it an agreement: two articles
naming one day may say different things of it.
"""

from __future__ import annotations

import re

from summarizer.briefing.measure import Measure
from summarizer.schemas import ArticleBrief, Figure, LedgerGroup, LedgerValue

DATED = {"date", "time", "year"}
_DECADE = re.compile(r"\d0s\b")
_ZONE = re.compile(r"\b(?:GMT|UTC|[A-Z]{1,3}T)\b")


def as_written(figure: Figure, measure: Measure) -> Measure:
    """The measure of a dated figure: its event's when a word names one, else its value as written."""
    if figure.kind not in DATED or measure.name or not isinstance(figure.value, str | int | float):
        return measure
    value = str(int(figure.value)) if isinstance(figure.value, float | int) else figure.value
    if _DECADE.search(figure.quote):  # "since the 1950s" is a decade, not the year 1950
        value += "s"
    return Measure(None, period=value)


def as_written_group(group: LedgerGroup) -> bool:
    """A group of dated values no event word names: the articles state one date, not one fact about it
    ("since October 23" North Korean troops moved, "on the night of October 23" audio was intercepted), so
    it is no agreement to list."""
    return group.measure is None and group.unit is None and all(isinstance(v.normalized_value, str)
                                                                 for v in group.values)  # fmt: skip


def claim_date(brief: ArticleBrief, figure: Figure) -> str | None:
    """The date stated in the figure's sentence nearest to it, if any."""
    dates = [
        d
        for d in brief.figures
        if d.kind == "date"
        and d.paragraph == figure.paragraph
        and d.sentence == figure.sentence
        and isinstance(d.value, str)
    ]
    if not dates:
        return None
    return str(min(dates, key=lambda d: abs(d.span.start - figure.span.start)).value)


def zone(v: LedgerValue) -> str | None:
    """The time zone a clock time is given in ("GMT", "ET"), "" for none; None for any other value."""
    if not (isinstance(v.normalized_value, str) and re.fullmatch(r"\d\d:\d\d", v.normalized_value)):
        return None
    m = _ZONE.search(v.quote)
    return m.group() if m else ""
