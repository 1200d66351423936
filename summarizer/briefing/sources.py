"""Who gives a number, where the ledger's sources dispute it: the same value given by different articles to
different sides (`attribution_conflicts`) or to different named sources (`source_conflicts`). Split from
`ledger`, which groups the values; these read the groups it built."""

from __future__ import annotations

import re
from collections import defaultdict

from summarizer.briefing.clusters import clusters
from summarizer.briefing.ledger_notes import fmt
from summarizer.extract.entities import MODIFIER, acronyms, is_demonym, same_speaker, speaks_for
from summarizer.schemas import Disagreement, LedgerGroup, LedgerValue

UNSPECIFIC = {"percent", "percentage point", "area", "distance", "duration", "mass", "volume", "people", "count"}


def attribution_conflicts(groups: list[LedgerGroup], classes: list[object]) -> list[Disagreement]:
    """The same value (within tolerance) of one measure, given by different articles to different sides."""
    out: list[Disagreement] = []
    by_class: dict[object, list[tuple[LedgerGroup, LedgerValue]]] = defaultdict(list)
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
            text = "; ".join(parts) + ": the same number, given to different sides"
            quantity = f"{fmt(members[0][1].normalized_value)} {members[0][0].unit}"
            group_ids = list(dict.fromkeys(g.id for g, _ in members))
            out.append(Disagreement(kind="attribution", quantity=quantity, group_ids=group_ids,
                                    values=[v for _, v in members], note=text))  # fmt: skip
    return out


def _named(source: str) -> bool:
    """A source with a name ("The Electoral Court", "Priya Raman"), not a description ("the company", "Texas-based
    company", "the Moroccan institute": a capitalised modifier or nationality names no one)."""
    words = re.sub(r"^(?:the|a|an)\s+", "", source, flags=re.I).split()
    return any(w[:1].isupper() and not MODIFIER.match(w) and not is_demonym(w) for w in words)


def _one_source(a: str, b: str, defined: dict[str, str]) -> bool:
    """The same source, or a person speaking for the body ("Commission chairperson Mosotho Moepya", "the
    IEC"): no dispute over who gives a number."""
    return same_speaker(a, b, defined) or speaks_for(a, b, defined) or speaks_for(b, a, defined)


def source_conflicts(groups: list[LedgerGroup]) -> list[Disagreement]:
    """The same value of a named measure given to different sources by different articles ("579
    objections", received by the Commission in one, by the Electoral Court in another): who says it is
    in dispute, not the number. Only between articles that name a source by name ("the company" is
    Tessaline, likely), and name none in common."""
    out: list[Disagreement] = []
    defined = acronyms(v.sentence for g in groups for v in g.values)  # "Electoral Commission ... (IEC)"
    for g in groups:
        if not g.measure and (g.actor or not g.unit or g.unit in UNSPECIFIC or g.unit.isupper()):
            continue  # a named measure, or a counted noun: "579 objections"
        for c in g.clusters:
            members = [g.values[i] for i in c]
            sourced = [v for v in members if v.attributed_to and _named(v.attributed_to)]
            articles = {v.article_id for v in sourced}
            if len(articles) < 2:
                continue
            by_article = {a: [v.attributed_to for v in sourced if v.article_id == a] for a in articles}
            apart = [(a, b) for a in articles for b in articles if a < b and not any(
                _one_source(x or "", y or "", defined) for x in by_article[a] for y in by_article[b])]  # fmt: skip
            if not apart:
                continue
            parts = [f"{v.outlet or v.article_id} gives “{v.quote}” to {v.attributed_to}" for v in sourced]
            text = "; ".join(parts) + ": the same number, from different sources"
            out.append(Disagreement(kind="attribution", quantity=f"{fmt(sourced[0].normalized_value)} {g.quantity}",
                                    group_ids=[g.id], values=sourced, note=text))  # fmt: skip
    return out
