"""The figure ledger: every article's figures grouped into quantities, with where the sources disagree.

Code only, no model. A group is what its values measure: the unit class ("percent", "money:USD", "area",
a counted noun, or "count" when a measure word names what is counted), the actor (whose troops, whose
territory), and the measure read from the figure's words (`measure`: deaths vs injured, revenue vs net
income, vote share vs turnout; scope words such as estimate, forecast, a year earlier; a period such as
1960; the names it is about, such as a province or a party). Two values are compared only when all of
that matches. Each value is one article's figure exactly as stated plus its value in the group's unit;
values are listed side by side and never averaged. How values agree and conflict: `clusters`; who gives a
number, where sources dispute it: `sources`; the notes and agreements in words: `ledger_notes`.

Decisions:
- Dates and clock times are in the ledger when a word says what event they date ("held on", "quarter
  ended", "struck"; `dates` measures of the word lists), compared component by component ("--09-27" agrees
  with "2025-09-27"); the others are grouped by their value as written, never flagged (`ledger_dated`).
- Skipped: designations, ordinals; numbers with nothing
  counted ("the two have ...") unless a measure word says what they are ("296 dead", "magnitude 6.8");
  small counts right after "the/both/these" ("the two nations"), which refer to things already named
  rather than report a quantity; counts inside a ratio ("three senior officers for every 30 North Korean
  men"): the ratio figure carries them, and "three officers" alone is not a troop estimate.
- Counts of people under arms (the `personnel` measures of the military word list) are grouped by side
  and by what their clause says the people are doing (`ledger_people`: in training, deployed, already
  sent, in combat, one battalion), as "<side> troops <state>": the sources give them with many different
  words for one quantity, and counts at different stages are different quantities, not a disagreement.
- Names: values naming different places or parties are different quantities; a value naming none joins
  the values that name one, when only one is named in its group ("400 seats" and "400 seats in the
  National Assembly").
- A different scope is a different quantity, never a disagreement. A running total (a `cumulative`
  measure such as a death toll, in the story's own period) reported with different values by different
  articles is a sequence of updates, not a disagreement.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from summarizer.briefing.clusters import agree, clusters, conflicting, far_apart
from summarizer.briefing.ledger_attach import attach_unmeasured, by_names, label_names
from summarizer.briefing.ledger_dated import DATED, as_written, claim_date, zone
from summarizer.briefing.ledger_notes import agreement, note, shares_context
from summarizer.briefing.ledger_people import state_of
from summarizer.briefing.ledger_scope import in_ratio, lead_scope, scoped_as
from summarizer.briefing.lexicon import lexicon, personnel_words
from summarizer.briefing.measure import Measure, measure_of
from summarizer.briefing.sources import UNSPECIFIC, attribution_conflicts, reading_conflict, source_conflicts
from summarizer.extract.actors import actor_of, own_side, sides_in
from summarizer.extract.entities import acronyms
from summarizer.extract.number_words import find_unit
from summarizer.extract.quantities import normalize
from summarizer.schemas import Agreement, ArticleBrief, Disagreement, Figure, LedgerGroup, LedgerValue

__all__ = ["agree", "build_ledger", "clusters", "conflicting", "unit_class"]

_SKIP_KINDS = {"designation", "ordinal"}
# In the ledger only when a word says what they date ("held on", "quarter ended", "the 1960 Agadir earthquake").
_DATED = DATED
_MEASURE_CLASS = {"km²": "area", "km": "distance", "day": "duration", "t": "mass", "m³": "volume"}
_GROUP_UNIT = {"personnel": "troops", "percent": "percent"}
_REFERENCE = re.compile(r"\b(?:the|both|these|those)\s+$", re.I)
_SMALL = 10  # a count after "the" that refers back to things named: "the two nations", "the three parties"
_FIGURE_FIELDS = {"value", "unit", "text", "qualifier", "attributed_to", "what", "quote", "span", "paragraph",
                  "sentence"}  # fmt: skip
Key = tuple[str, str | None, tuple[str | None, tuple[str, ...], str | None]]  # (class, actor, measure key)
Part = tuple[Key, list[str], list[LedgerValue]]  # a key, the names its values are about, the values


@cache
def _military_context() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in lexicon().context.get("military_context", []))
    return re.compile(rf"\b(?:{words})\b", re.I) if words else re.compile(r"(?!x)x")


def unit_class(figure: Figure) -> str | None:
    """ "personnel", "area", "distance", "percent", "money:USD", "ratio:<unit>", a counted noun, or None."""
    if figure.kind in _DATED:
        return figure.kind
    if figure.kind in _SKIP_KINDS or not figure.unit:
        return None
    if figure.kind == "ratio":
        return f"ratio:{figure.unit}"
    _, canonical = normalize(1.0, figure.unit)
    if canonical in ("percent", "percentage point"):
        return canonical
    if figure.kind == "money" or (canonical and canonical.isupper() and len(canonical) == 3):
        return f"money:{canonical}"
    if canonical in _MEASURE_CLASS:
        return _MEASURE_CLASS[canonical]
    # a counted noun: side words are the actor, not the class ("North Korean soldiers" → "soldier")
    noun = figure.unit
    for m in reversed(sides_in(noun)):
        noun = noun[: m.start] + noun[m.end :]
    if not noun.strip():  # "thousands of North Koreans were training alongside Russian soldiers"
        return "personnel" if _military_context().search(figure.sentence) else "people"
    counted = normalize(1.0, noun.strip())[1] or ""
    if counted.split()[-1] in personnel_words():
        return "personnel"
    return counted


def _ledger_figures(brief: ArticleBrief, story_year: int | None) -> list[tuple[Figure, str, Measure]]:
    return scoped_as(lead_scope(list(_read_figures(brief, story_year))))


def _read_figures(brief: ArticleBrief, story_year: int | None) -> Iterable[tuple[Figure, str, Measure]]:
    ratios = [f for f in brief.figures if f.kind == "ratio"]
    for f in brief.figures:
        if f.kind in _SKIP_KINDS:
            continue
        cls = unit_class(f)
        if cls == "personnel":  # what the people are doing is the quantity: "in training", "deployed"
            measure = Measure(None, scopes=(state,) if (state := state_of(f, brief.figures)) else ())
        else:
            measure = measure_of(f, brief.figures, story_year)
        if measure.name and f.kind in ("count", "vague") and not (f.unit and find_unit(f.unit)):
            cls = "count"  # "632 people" killed, "296 dead", "1,293 deaths": one measure, many nouns
        if cls is None or (f.kind == "count" and in_ratio(f, ratios)):
            continue
        measure = as_written(f, measure)  # "in 2019": the year as written (`ledger_dated`)
        at = f.sentence.find(f.quote)
        small = isinstance(f.value, float | int) and f.value <= _SMALL  # "the two nations", not "the 400 seats"
        if cls != "personnel" and f.kind == "count" and small and at >= 0 and _REFERENCE.search(f.sentence[:at]):
            continue
        yield f, cls, measure


def _story_year(briefs: list[ArticleBrief]) -> int | None:
    """The year most dates of the corpus are in: the story's own, no period of its own."""
    years = Counter(f.value[:4] for b in briefs for f in b.figures
                    if f.kind == "date" and isinstance(f.value, str) and f.value[:4].isdigit())  # fmt: skip
    return int(years.most_common(1)[0][0]) if years else None


def _value(brief: ArticleBrief, f: Figure, actor: str | None) -> LedgerValue:
    normalized: float | str | None = f.value if f.kind in _DATED and isinstance(f.value, str) else None
    if f.kind == "year" and isinstance(f.value, float | int):
        normalized = str(int(f.value))  # "1960": compared as written, never within 2% ("1960" is not "1994")
    if isinstance(f.value, float | int) and f.kind not in ("vague", "year"):
        normalized = f.value if f.kind == "ratio" else round(normalize(float(f.value), f.unit)[0], 2)
    return LedgerValue(
        **f.model_dump(include=_FIGURE_FIELDS),
        article_id=brief.article_id,
        outlet=brief.outlet,
        figure_id=f.id,
        normalized_value=normalized,
        actor=actor,
        claim_date=claim_date(brief, f) if f.kind not in _DATED else None,
    )


def _quantity(cls: str, actor: str | None, values: list[LedgerValue], measure: Measure, names: list[str]) -> str:
    if cls == "personnel":  # "North Korean troops in training", "troops deployed (side not stated)"
        doing = set(lexicon().states.values())
        other = [s for s in measure.scopes if s not in doing]  # a lead's scope ("partial"), in brackets
        label = " ".join([f"{actor} troops" if actor else "troops", *(s for s in measure.scopes if s in doing)])
        return label + "".join(f" ({s})" for s in [*other, *([] if actor else ["side not stated"])])
    if measure.name and not (cls == "duration" and measure.name in lexicon().terms.values()):  # no "turnout (duration)"
        label = measure.name.replace("-", " ")
        if cls not in ("count", "number"):
            label += f" ({cls.replace('money:', 'amount in ').replace('ratio:', 'ratio: ')})"
    else:
        label = {"area": "area held", "distance": "distance", "duration": "duration", "mass": "mass"}.get(cls)
        if label is None:
            label = cls.replace("money:", "amount in ").replace("ratio:", "ratio: ")
            if ":" not in cls and cls not in ("percent", "percentage point"):
                label = next((v.unit for v in values if v.unit), cls)  # the noun as written: "villages"
    qualifiers = [*measure.scopes, *([measure.period] if measure.period else [])]
    label += f" ({', '.join(qualifiers)})" if qualifiers else ""
    label += f", {' / '.join(names)}" if names else ""
    return f"{label} — {actor}" if actor else label


def _without_topic_names(
    found: list[tuple[ArticleBrief, Figure, str, Measure]], briefs: list[ArticleBrief]
) -> list[tuple[ArticleBrief, Figure, str, Measure]]:
    """Names the whole story is about (in every article, and in a quarter or more of the figures'
    sentences: the company reporting, the country struck) scope nothing: they are left out."""
    if len(briefs) < 2 or not found:
        return found
    counts = Counter(n for _, _, _, m in found for n in set(m.names))
    texts = [" ".join(p.text for p in b.key_points) + " " + " ".join(f.sentence for f in b.figures) for b in briefs]
    sentences = Counter(n for _, f, _, _ in found for n in counts if n in f.sentence)
    topic = {n.lower() for n in counts if all(n in t for t in texts) and sentences[n] >= len(found) / 4}
    if not topic:
        return found
    # however written: "Tessaline shipped 11.8 million" gives the narrowing word "tessaline"
    return [(b, f, c, replace(m, names=tuple(n for n in m.names if n.lower() not in topic))) for b, f, c, m in found]


def build_ledger(briefs: list[ArticleBrief]) -> tuple[list[LedgerGroup], list[Disagreement], list[Agreement]]:
    year = _story_year(briefs)
    found = [(b, f, cls, m) for b in briefs for f, cls, m in _ledger_figures(b, year)]
    found = _without_topic_names(found, briefs)
    prior: dict[str, Counter[str]] = defaultdict(Counter)
    for _, f, cls, _ in found:
        if side := own_side(f):
            prior[cls][side] += 1
    grouped: dict[Key, list[tuple[LedgerValue, Measure]]] = defaultdict(list)
    when_of: dict[int, str] = {}  # id(value) → the time its sentence states for it
    for b, f, cls, m in found:
        # a side owns troops, territory, a convoy; a named measure's scope is in its names instead
        actor = actor_of(f, prior[cls]) if not m.name and cls not in _DATED else None  # a date has no side
        value = _value(b, f, actor)
        if m.when or value.claim_date:
            when_of[id(value)] = m.when or value.claim_date or ""
        grouped[(cls, actor, m.key())].append((value, m))
    split = [(key, names, values) for key, items in grouped.items() for names, values in by_names(items)]
    split = attach_unmeasured(split)
    split.sort(key=lambda x: (-len(x[2]), x[0][0], x[0][1] or "~", str(x[0][2]), x[1]))
    texts = list(dict.fromkeys(f.sentence for b in briefs for f in b.figures))
    defined = acronyms(texts)  # "Electoral Commission of South Africa (IEC)"
    named_apart = Counter(key for key, names, _ in split)  # names go in a group's name when they tell it apart
    # the names a value's own words give it, for a group whose key names none but whose values joined it do
    # ("21.8% of the vote" and "The Democratic Alliance finished second with 21.81%": the DA's vote share)
    own_names = {id(v): m.names for items in grouped.values() for v, m in items}
    groups: list[LedgerGroup] = []
    for n, ((cls, actor, mkey), names, values) in enumerate(split, 1):
        measure = next(m for k, items in grouped.items() if k == (cls, actor, mkey) for _, m in items)
        unit = _GROUP_UNIT.get(cls) or next((normalize(1.0, v.unit)[1] for v in values if v.unit), None)
        if cls.startswith("ratio:"):
            unit = cls.removeprefix("ratio:")
        cs = clusters(values)
        when = {i: t for i, v in enumerate(values) if (t := when_of.get(id(v)))}
        by_source = reading_conflict(values, cs, when, defined) is not None  # the USGS's 6.8, the institute's 7
        differ = by_source or conflicting(values, cs) is not None
        sequence = differ and measure.cumulative and measure.period is None  # a toll rises tenfold
        snapshots = differ and not sequence and not by_source and conflicting(values, cs, when) is None  # "on Sunday"
        differ = differ and not snapshots and not far_apart(values)
        # A flag needs to know what is counted: troops, a named measure, or a counted noun; values that
        # share only a unit ("percent", "distance", "people") may be different things.
        differ = differ and (
            cls == "personnel" or bool(measure.name) or not (cls in UNSPECIFIC or cls.startswith("money:"))
        )
        # A counted noun no measure word names ("27 countries", "four countries") is one thing only when the
        # sentences share a word beyond it: "works in 27 countries" and "teams from only four countries" do not.
        differ = differ and (cls == "personnel" or bool(measure.name) or shares_context(values))
        differ = differ and len({zone(v) for v in values}) == 1  # "1600 GMT" is 6 p.m. in Johannesburg
        differ = differ and not set(measure.scopes) & set(lexicon().context.get("unflagged_scopes", []))
        differ = differ and cls != "year"  # two years under one event word are two events, not a dispute
        g = LedgerGroup(
            id=f"Q{n}",
            quantity=_quantity(
                cls,
                actor,
                values,
                measure,
                label_names(names, values, own_names) if named_apart[(cls, actor, mkey)] > 1 else [],
            ),
            quantity_origin="fallback",
            unit=unit,
            actor=actor,
            values=values,
            clusters=cs,
            disagreement=differ and not sequence,
            measure=measure.name,
            scope=list(measure.scopes),
            period=measure.period,
            names=names,
            sequence=sequence,
        )
        groups.append(g.model_copy(update={"note": note(g, when if snapshots else None)}))
    attribution = attribution_conflicts(groups, [(cls, mkey, tuple(names)) for (cls, _, mkey), names, _ in split])
    attribution += source_conflicts(groups, [cls for (cls, _, _), _, _ in split], texts)
    disagreements = [
        Disagreement(
            kind="values",
            quantity=g.quantity,
            group_ids=[g.id],
            note=g.note or "",
            values=[g.values[i] for c in g.clusters for i in c],
        )
        for g in groups
        if g.disagreement
    ]
    agreements = [a for g in groups for c in g.clusters if (a := agreement(g, c))]
    return groups, disagreements + attribution, agreements
