"""The ledger in words: values as stated, who gives them, each group's note, and its agreements.

Agreement: a cluster stated by two or more articles, provided their sentences share a content word beyond
sides, units and numbers. "at least 3,000 North Korean soldiers had arrived in eastern Russia" (003) and
"the battalion ... is expected to number around 3,000 soldiers" (004) share none: same number, different
things. The cluster still shows in the ledger; it is not reported as agreement. We did not split on the
`what` words: the three reports of 5,000 troops ("expected to have mustered by Monday", "expected to
assemble", "will be in position by Monday") share almost none.
"""

from __future__ import annotations

import re
from collections import defaultdict

from summarizer.briefing.ledger_dated import as_written_group
from summarizer.extract.actors import sides_in
from summarizer.extract.number_words import find_unit
from summarizer.extract.quantities import normalize
from summarizer.extract.text import content_words
from summarizer.schemas import Agreement, Citation, LedgerGroup, LedgerValue
from summarizer.schemas.wording import format_date, with_unit


def fmt(x: float | str | None) -> str:
    if isinstance(x, str):
        return format_date(x)  # "8 Sep 2023", "8 Sep": the year only when the article gives it
    if not isinstance(x, float | int):
        return str(x)
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def source(v: LedgerValue) -> str:
    return (v.outlet or v.article_id) + (f", {v.attributed_to}" if v.attributed_to else "")


def stated(v: LedgerValue, unit: str | None) -> str:
    """ "5,000", "$24.87 billion", "162 seats" as the article writes it, or "400 square miles (1,036 km²)"
    when it used another unit than the group's."""
    if isinstance(v.normalized_value, str) and re.fullmatch(r"\d{2}:\d{2}", v.normalized_value) and v.text:
        return v.text  # a clock time as written, with its zone: "1600 GMT" beside "6 p.m."
    if unit in (None, "troops"):
        return fmt(v.normalized_value)
    base = with_unit(fmt(v.normalized_value), unit, v.normalized_value)
    if v.unit and normalize(1.0, v.unit)[1] == unit and find_unit(v.unit) != find_unit(unit):
        return f"{with_unit(v.text, v.unit, v.value)} ({base})"
    if v.text and isinstance(v.value, float | int) and v.value == v.normalized_value:
        return with_unit(v.text, unit if v.unit is None or v.unit == unit else v.unit, v.value)
    return base


def describe(values: list[LedgerValue], c: list[int], unit: str | None) -> str:
    """ "5,000 (000…, a senior Ukrainian official; 001…)": a cluster's value and who gives it; each way it is
    written with who writes it so ("58.64% (A2; A5) / 58.6% (A3)"), never one article's number in another's."""
    by_text: dict[str, list[str]] = {}
    for i in c:
        by_text.setdefault(stated(values[i], unit), []).append(source(values[i]))
    return " / ".join(f"{text} ({'; '.join(dict.fromkeys(who))})" for text, who in by_text.items())


def note(g: LedgerGroup, times: dict[int, str] | None = None) -> str:
    """`times`: value index → the time its sentence gives it, when the values differ only as snapshots of
    different times ("on Sunday", "19 minutes later")."""
    vals, unit, cs = g.values, g.unit, g.clusters
    if not cs:
        return "no numeric value to compare"
    if g.sequence:
        steps = " → ".join(describe(vals, c, unit) for c in cs)
        return f"a running total reported at different times, not a conflict: {steps}"
    if times and not g.disagreement:
        each = "; ".join(
            f"{describe(vals, c, unit)} — {' / '.join(dict.fromkeys(times.get(i) or 'no time' for i in c))}" for c in cs
        )
        return f"values given for different times, not a conflict: {each}"
    if g.disagreement:
        text = f"values range from {describe(vals, cs[0], unit)} to {describe(vals, cs[-1], unit)}"
        middle = ", ".join(describe(vals, c, unit) for c in cs[1:-1])
        return text + (f"; in between: {middle}" if middle else "")  # every value named, none counted
    agreeing = [
        " and ".join(f"{stated(vals[i], unit)} ({source(vals[i])})" for i in c) + " agree" for c in cs if len(c) > 1
    ]
    if len(cs) == 1:
        return "; ".join(agreeing) if agreeing else "one value"
    # a cluster whose articles all give another value too: "7 (A1, A2, A3)" beside "6.8 (A1 ... A5)"
    sets = [{vals[i].article_id for i in c} for c in cs]
    within = [c for k, c in enumerate(cs) if any(sets[k] <= sets[j] for j in range(len(cs)) if j != k)]
    rest = [c for c in cs if c not in within and len(c) == 1]
    parts = list(agreeing)
    if within:
        whose = "an article that also gives" if all(len(sets[cs.index(c)]) == 1 for c in within) else (
            "articles that also give")  # fmt: skip
        parts.append(
            f"no conflict: {', '.join(describe(vals, c, unit) for c in within)} comes only from {whose} another "
            "value — an article giving two values states two quantities (e.g. at different times), not a "
            "contradiction"
        )
    if rest:  # kept apart by a bound, a time, a scale, what they count: nothing here says which
        parts.append(f"also given, not flagged: {', '.join(describe(vals, c, unit) for c in rest)}")
    return "; ".join(parts)


def shares_context(values: list[LedgerValue]) -> bool:
    """Whether each article's sentence shares a content word (not a side, unit or number) with another's."""

    def words(v: LedgerValue) -> set[str]:
        sides = [v.sentence[m.start : m.end] for m in sides_in(v.sentence)]
        return content_words(v.sentence) - content_words(" ".join([v.quote, *sides]))

    by_article: dict[str, set[str]] = defaultdict(set)
    for v in values:
        by_article[v.article_id] |= words(v)
    return all(any(w & o for b, o in by_article.items() if b != a) for a, w in by_article.items())


def agreement(g: LedgerGroup, c: list[int]) -> Agreement | None:
    members = [g.values[i] for i in sorted(c)]  # in corpus order
    articles = list(dict.fromkeys(v.article_id for v in members))
    if len(articles) < 2 or not shares_context(members) or as_written_group(g):
        return None
    # The value to name: one stated in the group's unit if any (1,000 km², not 1,035.99), else the first.
    rep = next((v for v in members if v.normalized_value == v.value), members[0])
    if isinstance(rep.normalized_value, str):  # a date or time: the fullest ("2024-05-29", not "--05-29")
        rep = max(members, key=lambda v: len(str(v.normalized_value)))
    value = fmt(rep.normalized_value)  # as written, with its unit: "$24.87 billion (revenue)", "162 seats (seats)"
    statement = f"{value} {g.quantity}" if g.unit == "troops" else f"{stated(rep, g.unit)} ({g.quantity})"
    return Agreement(
        statement=statement,
        value=rep.normalized_value,
        unit=g.unit,
        articles=articles,
        count=len(articles),
        citations=[
            Citation(article_id=a, paragraph=n) for a, n in dict.fromkeys((v.article_id, v.paragraph) for v in members)
        ],
        quotes=[v.quote for v in members],
    )
