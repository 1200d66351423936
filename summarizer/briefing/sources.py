"""Who gives a number, where the ledger's sources dispute it: the same value given by different articles to
different sides (`attribution_conflicts`) or to different named sources (`source_conflicts`). Split from
`ledger`, which groups the values; these read the groups it built."""

from __future__ import annotations

import re
from collections import defaultdict

from summarizer.briefing.clusters import clusters, first_conflict
from summarizer.briefing.ledger_notes import fmt
from summarizer.extract.entities import MODIFIER, ROLE_WORDS, acronyms, is_demonym, same_speaker, speaks_for
from summarizer.schemas import Disagreement, LedgerGroup, LedgerValue

UNSPECIFIC = {"percent", "percentage point", "area", "distance", "duration", "mass", "volume", "people", "count"}
# Classes that measure rather than count: a reading any source may give ("a magnitude of 6.8", "23:11", "$1.1bn").
_READINGS = UNSPECIFIC | {"date", "time", "year", "personnel"}
_NAME = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}"
_ROLE = "|".join(sorted(ROLE_WORDS | {"chair", "chairman", "chairwoman", "chairperson", "head", "founder"}))
# "Dana Whitlock, Tessaline’s chief executive officer"; "Tessaline’s chief financial officer, Priya Raman"
_OF_ORG = re.compile(
    rf"\b(?P<p1>{_NAME}),\s+(?:the\s+)?(?P<o1>{_NAME})[’']s\s+(?:[a-z-]+\s+){{0,3}}?(?:{_ROLE})\b"
    rf"|\b(?P<o2>{_NAME})[’']s\s+(?:[a-z-]+\s+){{0,3}}?(?:{_ROLE})\w*(?:\s+[a-z]+){{0,2}}?,?\s+(?P<p2>{_NAME})"
)


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


def affiliations(texts: list[str]) -> dict[str, str]:
    """People to the body the texts make them officers of: "said Dana Whitlock, Tessaline’s chief executive
    officer" gives {"Dana Whitlock": "Tessaline"}; the first wins."""
    out: dict[str, str] = {}
    for text in texts:
        for m in _OF_ORG.finditer(text):
            person, org = m.group("p1") or m.group("p2"), m.group("o1") or m.group("o2")
            if _named(org) and not is_demonym(org.split()[-1]):
                out.setdefault(re.sub(r"^(?:The|A|An)\s+", "", person), org)
    return out


def _body(name: str, members: dict[str, str]) -> str:
    """The body a person is an officer of (`affiliations`), else the name itself."""
    return next((org for person, org in members.items() if same_speaker(person, name)), name)


def _one_source(a: str, b: str, defined: dict[str, str], members: dict[str, str] | None = None) -> bool:
    """The same source, a person speaking for the body ("Commission chairperson Mosotho Moepya", "the
    IEC"), or officers of one body and the body (Tessaline's chief executive, its chief financial officer,
    Tessaline): no dispute over who gives a number."""
    if same_speaker(a, b, defined) or speaks_for(a, b, defined) or speaks_for(b, a, defined):
        return True
    ba, bb = _body(a, members or {}), _body(b, members or {})
    return (ba, bb) != (a, b) and (same_speaker(ba, bb, defined) or speaks_for(ba, bb, defined))


def source_conflicts(groups: list[LedgerGroup], classes: list[str], texts: list[str]) -> list[Disagreement]:
    """The same count given to different sources by different articles ("579 objections", received by the
    Commission in one, by the Electoral Court in another): who holds the tally is in dispute, not the
    number. Only a count of things no measure word names: a reading (a magnitude, a time, a distance, a
    sum of money, a named measure such as revenue) is one several sources can each give, and two giving
    the same reading agree. Only between articles that name a source by name ("the company" is Tessaline,
    likely), and name none in common; officers of one body (`affiliations` of `texts`) and the body are
    one source."""
    out: list[Disagreement] = []
    defined = acronyms(v.sentence for g in groups for v in g.values)  # "Electoral Commission ... (IEC)"
    officers = affiliations(texts)
    for g, cls in zip(groups, classes, strict=True):
        if g.measure or g.actor or not g.unit or g.unit.isupper() or cls in _READINGS or ":" in cls:
            continue  # a counted noun no measure word names: "579 objections"
        for c in g.clusters:
            members = [g.values[i] for i in c]
            sourced = [v for v in members if v.attributed_to and _named(v.attributed_to)]
            articles = {v.article_id for v in sourced}
            if len(articles) < 2:
                continue
            by_article = {a: [v.attributed_to for v in sourced if v.article_id == a] for a in articles}
            apart = [(a, b) for a in articles for b in articles if a < b and not any(_one_source(
                x or "", y or "", defined, officers) for x in by_article[a] for y in by_article[b])]  # fmt: skip
            if not apart:
                continue
            parts = [f"{v.outlet or v.article_id} gives “{v.quote}” to {v.attributed_to}" for v in sourced]
            text = "; ".join(parts) + ": the same number, from different sources"
            out.append(Disagreement(kind="attribution", quantity=f"{fmt(sourced[0].normalized_value)} {g.quantity}",
                                    group_ids=[g.id], values=sourced, note=text))  # fmt: skip
    return out


def reading_conflict(
    values: list[LedgerValue], groups: list[list[int]], when: dict[int, str], defined: dict[str, str]
) -> tuple[list[int], list[int]] | None:
    """Two clusters credited to named sources none of which is one of the other's: readings by different
    bodies (the USGS's magnitude 6.8, the national institute's 7), which disagree even when every article
    reports both, so that no article contradicts another (`clusters.conflicting`). Values given for
    different times are snapshots, and a bound the other value keeps is no conflict. Numbers only: two
    dates credited to two sources are two events the words did not tell apart ("the quarter ended Sept.
    27", "the three months to December")."""
    numeric = [c for c in groups if all(isinstance(values[i].normalized_value, float | int) for i in c)]
    return _apart(values, numeric, when, defined)


def _apart(
    values: list[LedgerValue], groups: list[list[int]], when: dict[int, str], defined: dict[str, str]
) -> tuple[list[int], list[int]] | None:
    named = [{v.attributed_to for i in c if (v := values[i]).attributed_to and _named(v.attributed_to)} for c in groups]
    return first_conflict(
        values,
        groups,
        when,
        lambda a, b: (
            not named[a] or not named[b] or any(_one_source(x, y, defined) for x in named[a] for y in named[b])
        ),
    )
