"""Which of an article's figures the ledger reads, and the scope its lead gives them all.

Split from `ledger`: counts inside a ratio are left to the ratio figure ("three senior officers for every
30 North Korean men"), and a scope an article's lead states for the count it reports holds for the
article's other figures of that count ("with results from 99.8% of voting districts": the shares it
goes on to give are the count as it then stood, not the final result).
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.briefing.lexicon import lexicon
from summarizer.briefing.measure import Measure
from summarizer.schemas import Figure

_RATIO_AFTER = re.compile(r"^\s+(?:for|per)\s+(?:every\s+|each\s+)?(?:\d|one|two|three|four|five|ten)", re.I)
_RATIO_BEFORE = re.compile(  # "three senior officers for 30 people": the 30 is the ratio's base
    r"(?:\bfor\s+(?:every|each)|\b(?:\d[\d,.]*|one|two|three|four|five|ten)\s+(?:[\w-]+\s+){0,3}(?:for|per))\s+$", re.I
)
_DATED = {"date", "time", "year"}

Item = tuple[Figure, str, Measure]  # a figure, its unit class, its measure


def in_ratio(figure: Figure, ratios: list[Figure]) -> bool:
    """A count that is one term of a ratio figure, or the base or the part of one."""
    if any(
        r.paragraph == figure.paragraph and r.span.start <= figure.span.start and figure.span.end <= r.span.end
        for r in ratios
    ):
        return True
    at = figure.sentence.find(figure.quote)
    after = figure.sentence[at + len(figure.quote) :] if at >= 0 else ""
    before = figure.sentence[:at] if at >= 0 else ""
    return bool(_RATIO_AFTER.match(after) or _RATIO_BEFORE.search(before))


def scoped_as(items: list[Item]) -> list[Item]:
    """A measure some scope makes another (`scoped_as` of the word lists, "<scope>: <measure> -> <other>"):
    net income per share is earnings per share ("Net income rose to $3.41 billion, or $2.14 per share")."""
    rules = {}
    for line in lexicon().context.get("scoped_as", []):
        scope, _, rest = line.partition(":")
        measure, _, other = rest.partition("->")
        rules[(scope.strip(), measure.strip())] = other.strip()
    out = []
    for f, cls, m in items:
        other = next((rules[(s, m.name)] for s in m.scopes if (s, m.name) in rules), None)
        out.append((f, cls, replace(m, name=other) if other else m))
    return out


def lead_scope(items: list[Item]) -> list[Item]:
    """When a figure of the article's lead (the first paragraph holding a ledger figure) has an article
    scope (`article_scopes` of the word lists: a partial count), the article reports that count as it
    stood: its other figures of the measures the count gives (`tallied`), or naming no measure, in a
    unit class the lead's scoped figures have, with no scope or period of their own, have that scope too.
    Figures of other measures (an unemployment rate, a deadline in days) and earlier values keep theirs."""
    lex = lexicon()
    article_scopes = set(lex.context.get("article_scopes", []))
    tallied = set(lex.context.get("tallied", []))
    ledger = [it for it in items if it[0].kind not in _DATED]
    if not ledger:
        return items
    lead = min(f.paragraph for f, _, _ in ledger)
    stated = {(cls, s) for f, cls, m in ledger if f.paragraph == lead for s in m.scopes if s in article_scopes}
    if not stated:
        return items
    out = []
    for f, cls, m in items:
        scopes = sorted(s for c, s in stated if c == cls)
        if scopes and f.kind not in _DATED and not m.scopes and not m.period and (m.name is None or m.name in tallied):
            m = replace(m, scopes=tuple(scopes))
        out.append((f, cls, m))
    return out
