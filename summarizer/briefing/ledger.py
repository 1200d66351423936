"""The figure ledger: every article's figures grouped into quantities, with where the sources disagree.

Code only, no model: a group is (unit class, actor), e.g. ("personnel", "North Korean"); each value is one
article's figure exactly as stated plus its value in the group's unit. Values are listed side by side and
never averaged: an `Agreement` names a value some article states, not a mean.

Decisions:
- Skipped: designations, years, ordinals, dates, times (dates go to the timeline); numbers with nothing
  counted ("the two have ...") because nothing says what they could be compared with; small counts right
  after "the/both/these" ("the two nations"), which refer to things already named rather than report a
  quantity; counts inside a ratio ("three senior officers for every 30 North Korean men"): the ratio
  figure carries them, and "three officers" alone is not a troop estimate.
- Tolerance: values agree when they differ by at most 2%, or 5% when either is approximate ("about",
  "approximately", "around", "nearly", "some", "roughly", ...). 5% covers rounding in another unit: about
  400 square miles (1,036 km²) vs approximately 1,000 km² is 3.6%. We did not take 10%: it would make
  "nearly 11,000" agree with "10,000" (9.1% apart), two estimates the sources present as different.
  Bounds ("as many as", "at least", "up to") are not approximations: they keep the 2% tolerance.
- Clusters are complete-linkage: sorted by value, a value joins the open cluster only when it agrees with
  every member, so a chain 1,000 ~ 1,040 ~ 1,080 cannot merge values 8% apart.
- A group is a disagreement when two of its clusters each have an article the other lacks. An article
  that gives two values (000: 400 then 250 square miles, later in time) gives two quantities, not a
  contradiction of itself; another article agreeing with one of them does not make it one either.
- Agreement: a cluster stated by two or more articles, provided their sentences share a content word
  beyond sides, units and numbers. "at least 3,000 North Korean soldiers had arrived in eastern Russia"
  (003) and "the battalion ... is expected to number around 3,000 soldiers" (004) share none: same
  number, different things. The cluster still shows in the ledger; it is not reported as agreement. We
  did not split on the `what` words: the three reports of 5,000 troops ("expected to have mustered by
  Monday", "expected to assemble", "will be in position by Monday") share almost none.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from summarizer.extract.actors import actor_of, own_side, sides_in
from summarizer.extract.number_words import find_unit
from summarizer.extract.quantities import normalize, same_value
from summarizer.extract.text import content_words
from summarizer.schemas import Agreement, ArticleBrief, Citation, Disagreement, Figure, LedgerGroup, LedgerValue

REL_TOL = 0.02
HEDGED_REL_TOL = 0.05
APPROXIMATE = {"about", "approximately", "around", "nearly", "some", "roughly", "almost", "close to",
               "an estimated", "estimated"}  # fmt: skip
_SKIP_KINDS = {"designation", "year", "ordinal", "date", "time"}
PERSONNEL = {"troop", "soldier", "force", "fighter", "personnel", "serviceman", "servicemen", "man",
             "officer", "marine", "paratrooper", "conscript", "recruit", "mercenary"}  # fmt: skip
_MILITARY = re.compile(r"\b(?:troops?|soldiers?|military|army|forces|fighting|training|combat)\b", re.I)
_MEASURE_CLASS = {"km²": "area", "km": "distance", "day": "duration", "t": "mass", "m³": "volume"}
_GROUP_UNIT = {"personnel": "troops", "percent": "percent"}
_REFERENCE = re.compile(r"\b(?:the|both|these|those)\s+$", re.I)
_RATIO_AFTER = re.compile(r"^\s+(?:for|per)\s+(?:every\s+|each\s+)?(?:\d|one|two|three|four|five|ten)", re.I)
_RATIO_BEFORE = re.compile(  # "three senior officers for 30 people": the 30 is the ratio's base
    r"(?:\bfor\s+(?:every|each)|\b(?:\d[\d,.]*|one|two|three|four|five|ten)\s+(?:[\w-]+\s+){0,3}(?:for|per))\s+$", re.I
)

_FIGURE_FIELDS = {"value", "unit", "text", "qualifier", "attributed_to", "what", "quote", "span", "paragraph",
                  "sentence"}  # fmt: skip
Key = tuple[str, str | None]  # (unit class, actor)


def unit_class(figure: Figure) -> str | None:
    """ "personnel", "area", "distance", "percent", "money:USD", "ratio:<unit>", a counted noun, or None."""
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
        return "personnel" if _MILITARY.search(figure.sentence) else "people"
    counted = normalize(1.0, noun.strip())[1] or ""
    if counted.split()[-1] in PERSONNEL:
        return "personnel"
    return counted


def _in_ratio(figure: Figure, ratios: list[Figure]) -> bool:
    if any(
        r.paragraph == figure.paragraph and r.span.start <= figure.span.start and figure.span.end <= r.span.end
        for r in ratios
    ):
        return True
    at = figure.sentence.find(figure.quote)
    after = figure.sentence[at + len(figure.quote) :] if at >= 0 else ""
    before = figure.sentence[:at] if at >= 0 else ""
    return bool(_RATIO_AFTER.match(after) or _RATIO_BEFORE.search(before))


def _ledger_figures(brief: ArticleBrief) -> Iterable[tuple[Figure, str]]:
    ratios = [f for f in brief.figures if f.kind == "ratio"]
    for f in brief.figures:
        cls = unit_class(f)
        if cls is None or (f.kind == "count" and _in_ratio(f, ratios)):
            continue
        at = f.sentence.find(f.quote)
        if cls != "personnel" and f.kind == "count" and at >= 0 and _REFERENCE.search(f.sentence[:at]):
            continue
        yield f, cls


def _claim_date(brief: ArticleBrief, figure: Figure) -> str | None:
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


def _value(brief: ArticleBrief, f: Figure, actor: str | None) -> LedgerValue:
    normalized: float | str | None = None
    if isinstance(f.value, float | int) and f.kind != "vague":
        normalized = f.value if f.kind == "ratio" else round(normalize(float(f.value), f.unit)[0], 2)
    return LedgerValue(
        **f.model_dump(include=_FIGURE_FIELDS),
        article_id=brief.article_id,
        outlet=brief.outlet,
        figure_id=f.id,
        normalized_value=normalized,
        actor=actor,
        claim_date=_claim_date(brief, f),
    )


def agree(a: LedgerValue, b: LedgerValue) -> bool:
    """Same value within 2%, or 5% when either is approximate; vague values never agree."""
    if not isinstance(a.normalized_value, float | int) or not isinstance(b.normalized_value, float | int):
        return False
    hedged = (a.qualifier or "").lower() in APPROXIMATE or (b.qualifier or "").lower() in APPROXIMATE
    return same_value(float(a.normalized_value), float(b.normalized_value), HEDGED_REL_TOL if hedged else REL_TOL)


def clusters(values: list[LedgerValue]) -> list[list[int]]:
    """Indices of values that agree with each other (complete linkage over sorted values)."""
    numeric = sorted(
        (i for i, v in enumerate(values) if isinstance(v.normalized_value, float | int)),
        key=lambda i: (float(values[i].normalized_value or 0), i),
    )
    out: list[list[int]] = []
    for i in numeric:
        if out and all(agree(values[i], values[j]) for j in out[-1]):
            out[-1].append(i)
        else:
            out.append([i])
    return out


def conflicting(values: list[LedgerValue], groups: list[list[int]]) -> tuple[list[int], list[int]] | None:
    """Two clusters neither of whose article sets holds the other's, or None."""
    sets = [{values[i].article_id for i in c} for c in groups]
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            if not sets[a] <= sets[b] and not sets[b] <= sets[a]:
                return groups[a], groups[b]
    return None


def fmt(x: float | str | None) -> str:
    if not isinstance(x, float | int):
        return str(x)
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def source(v: LedgerValue) -> str:
    return (v.outlet or v.article_id) + (f", {v.attributed_to}" if v.attributed_to else "")


def stated(v: LedgerValue, unit: str | None) -> str:
    """ "5,000", "1,000 km²", or "400 square miles (1,036 km²)" when the article used another unit."""
    if unit in (None, "troops"):
        return fmt(v.normalized_value)
    base = f"{fmt(v.normalized_value)} {unit}"
    if v.unit and normalize(1.0, v.unit)[1] == unit and find_unit(v.unit) != find_unit(unit):
        return f"{v.text} {v.unit}{'s' if v.value != 1 else ''} ({base})"
    return base


def _quantity(cls: str, actor: str | None, values: list[LedgerValue]) -> str:
    if cls == "personnel":
        return f"{actor} troops" if actor else "troops (side not stated)"
    label = {"area": "area held", "distance": "distance", "duration": "duration", "mass": "mass"}.get(cls)
    if label is None:
        label = cls.replace("money:", "amount in ").replace("ratio:", "ratio: ")
        if ":" not in cls and cls not in ("percent", "percentage point"):
            label = next((v.unit for v in values if v.unit), cls)  # the noun as written: "villages"
    return f"{label} — {actor}" if actor else label


def _describe(values: list[LedgerValue], c: list[int], unit: str | None) -> str:
    """ "5,000 (000…, a senior Ukrainian official; 001…)": a cluster's value and who gives it."""
    return f"{stated(values[c[0]], unit)} ({'; '.join(source(values[i]) for i in c)})"


def _note(g: LedgerGroup) -> str:
    vals, unit, cs = g.values, g.unit, g.clusters
    if not cs:
        return "no numeric value to compare"
    if g.disagreement:
        text = f"values range from {_describe(vals, cs[0], unit)} to {_describe(vals, cs[-1], unit)}"
        middle = ", ".join(_describe(vals, c, unit) for c in cs[1:-1])
        return text + (f"; in between: {middle}" if middle else "") + f" — {len(cs)} different values"
    agreeing = [
        " and ".join(f"{stated(vals[i], unit)} ({source(vals[i])})" for i in c) + " agree" for c in cs if len(c) > 1
    ]
    if len(cs) == 1:
        return "; ".join(agreeing) if agreeing else "one value"
    lone = [c for c in cs if len({vals[i].article_id for i in c}) == 1]
    others = ", ".join(_describe(vals, c, unit) for c in lone)
    return "; ".join(
        [
            *agreeing,
            f"no conflict: {others} comes only from an article that also gives another "
            "value — an article giving two values states two quantities (e.g. at different times), "
            "not a contradiction",
        ]
    )


def _shares_context(values: list[LedgerValue]) -> bool:
    """Whether each article's sentence shares a content word (not a side, unit or number) with another's."""

    def words(v: LedgerValue) -> set[str]:
        sides = [v.sentence[m.start : m.end] for m in sides_in(v.sentence)]
        return content_words(v.sentence) - content_words(" ".join([v.quote, *sides]))

    by_article: dict[str, set[str]] = defaultdict(set)
    for v in values:
        by_article[v.article_id] |= words(v)
    return all(any(w & o for b, o in by_article.items() if b != a) for a, w in by_article.items())


def _agreement(g: LedgerGroup, c: list[int]) -> Agreement | None:
    members = [g.values[i] for i in sorted(c)]  # in corpus order
    articles = list(dict.fromkeys(v.article_id for v in members))
    if len(articles) < 2 or not _shares_context(members):
        return None
    # The value to name: one stated in the group's unit if any (1,000 km², not 1,035.99), else the first.
    rep = next((v for v in members if v.normalized_value == v.value), members[0])
    value = fmt(rep.normalized_value)
    statement = f"{value} {g.quantity}" if g.unit == "troops" else f"{value} {g.unit} ({g.quantity})"
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


def _attribution_conflicts(groups: list[LedgerGroup], classes: list[str]) -> list[Disagreement]:
    """The same value (within tolerance) in one unit class, given by different articles to different sides."""
    out: list[Disagreement] = []
    by_class: dict[str, list[tuple[LedgerGroup, LedgerValue]]] = defaultdict(list)
    for g, cls in zip(groups, classes, strict=True):
        if g.actor:
            by_class[cls] += [(g, v) for v in g.values]
    for pairs in by_class.values():
        values = [v for _, v in pairs]
        for c in clusters(values):
            members = [pairs[i] for i in c]
            if not any(a.actor != b.actor and a.article_id != b.article_id for _, a in members for _, b in members):
                continue
            parts = [
                f"{v.outlet or v.article_id} puts “{v.quote}” on the {v.actor} side"
                + (f" (per {v.attributed_to})" if v.attributed_to else "")
                for _, v in members
            ]
            note = "; ".join(parts) + ": the same number, given to different sides"
            quantity = f"{fmt(members[0][1].normalized_value)} {members[0][0].unit}"
            group_ids = list(dict.fromkeys(g.id for g, _ in members))
            out.append(Disagreement(kind="attribution", quantity=quantity, group_ids=group_ids,
                                    values=[v for _, v in members], note=note))  # fmt: skip
    return out


def build_ledger(briefs: list[ArticleBrief]) -> tuple[list[LedgerGroup], list[Disagreement], list[Agreement]]:
    found = [(b, f, cls) for b in briefs for f, cls in _ledger_figures(b)]
    prior: dict[str, Counter[str]] = defaultdict(Counter)
    for _, f, cls in found:
        if side := own_side(f):
            prior[cls][side] += 1
    grouped: dict[Key, list[LedgerValue]] = defaultdict(list)
    for b, f, cls in found:
        actor = actor_of(f, prior[cls])
        grouped[(cls, actor)].append(_value(b, f, actor))
    order = sorted(grouped, key=lambda k: (-len(grouped[k]), k[0], k[1] or "~"))
    groups: list[LedgerGroup] = []
    for n, (cls, actor) in enumerate(order, 1):
        values = grouped[(cls, actor)]
        unit = _GROUP_UNIT.get(cls) or next((normalize(1.0, v.unit)[1] for v in values if v.unit), None)
        if cls.startswith("ratio:"):
            unit = cls.removeprefix("ratio:")
        cs = clusters(values)
        g = LedgerGroup(
            id=f"Q{n}",
            quantity=_quantity(cls, actor, values),
            quantity_origin="fallback",
            unit=unit,
            actor=actor,
            values=values,
            clusters=cs,
            disagreement=conflicting(values, cs) is not None,
        )
        groups.append(g.model_copy(update={"note": _note(g)}))
    attribution = _attribution_conflicts(groups, [cls for cls, _ in order])
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
    agreements = [a for g in groups for c in g.clusters if (a := _agreement(g, c))]
    return groups, disagreements + attribution, agreements
