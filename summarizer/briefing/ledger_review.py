"""A capable model's review of the ledger, checked by code: it may propose merges of groups, splits of
figures out of a group, and names, by id; code accepts a merge only when the groups' units (and sides)
are the same and no article would contradict itself (an article's values in the groups must agree), a
split only when its figures are in the group and some stay behind, and a name only when its words are
drawn from the group's quotes and it holds no number. What it refuses is recorded, with why.

The embedded model is never asked (it keeps naming groups only). A flag ("sources disagree") is never
raised by a review: a merged group disagrees only if one of its parts did or was a named measure and its
values conflict; a part split off disagrees only if its group did and its own values still conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import BaseModel, Field

from summarizer.briefing.clusters import agree, clusters, conflicting, far_apart
from summarizer.briefing.ledger_notes import agreement, note
from summarizer.briefing.reduce_draft import GroupName, GroupNames, name_problems
from summarizer.extract.text import content_words
from summarizer.schemas import Agreement, Disagreement, LedgerGroup, LedgerValue

_SENTENCE_CHARS = 160  # of each member's sentence shown to the model


class Merge(BaseModel):
    groups: list[str] = Field(min_length=2, max_length=8, description="ids of groups that measure one quantity")


class Split(BaseModel):
    group: str = Field(max_length=5, description="the group id")
    figures: list[str] = Field(min_length=1, max_length=40, description="figure ids, e.g. A2.F7, to move out")


class LedgerReview(BaseModel):
    """Merges, splits and names for the ledger's groups."""

    # for `--estimate`: a few merges and splits and a name for each of the call's groups
    typical_tokens: ClassVar[int] = 400

    merges: list[Merge] = Field(default_factory=list, max_length=20)
    splits: list[Split] = Field(default_factory=list, max_length=20)
    names: list[GroupName] = Field(default_factory=list, max_length=60)


@dataclass
class Reviewed:
    groups: list[LedgerGroup]
    accepted: list[str] = field(default_factory=list)  # what was done, in words
    refused: list[str] = field(default_factory=list)  # what was not, and why


def figure_ref(v: LedgerValue, alias_of: dict[str, str]) -> str:
    """A value's id as the model sees it: "A2.F7" (article alias, figure id)."""
    return f"{alias_of.get(v.article_id, v.article_id)}.{v.figure_id}"


def review_rows(groups: list[LedgerGroup], alias_of: dict[str, str]) -> list[dict[str, object]]:
    """Every group with every member: its figure id, quote, source and sentence."""
    return [
        {
            "id": g.id,
            "quantity": g.quantity,
            "unit": g.unit,
            "actor": g.actor,
            "members": [
                {
                    "ref": figure_ref(v, alias_of),
                    "quote": v.quote,
                    "source": v.attributed_to,
                    "sentence": v.sentence[:_SENTENCE_CHARS],
                }
                for v in g.values
            ],
        }
        for g in groups
    ]


def apply_review(groups: list[LedgerGroup], review: LedgerReview, alias_of: dict[str, str]) -> Reviewed:
    """The groups with the acceptable proposals applied: merges, then splits, then names."""
    out = Reviewed(list(groups))
    for m in review.merges:
        _merge(out, [i.strip() for i in m.groups])
    for s in review.splits:
        _split(out, s.group.strip(), [f.strip() for f in s.figures], alias_of)
    words = {g.id: set().union(*(content_words(v.quote + " " + v.sentence) for v in g.values)) for g in out.groups}
    bad = {p.field: p.message for p in name_problems(GroupNames.model_construct(names=review.names), words)}
    for i, n in enumerate(review.names):
        if (why := bad.get(f"names[{i}]")) is not None:
            out.refused.append(f"name {n.name!r} for {n.group_id}: {why.split(': ', 1)[-1]}")
            continue
        at = next(k for k, g in enumerate(out.groups) if g.id == n.group_id.strip())
        out.groups[at] = out.groups[at].model_copy(update={"quantity": n.name.strip(), "quantity_origin": "model"})
    return out


def _merge(out: Reviewed, ids: list[str]) -> None:
    parts = [g for g in out.groups if g.id in ids]
    what = "merge of " + ", ".join(ids)
    if len(parts) != len(set(ids)) or len(parts) < 2:
        out.refused.append(f"{what}: unknown group ids {sorted(set(ids) - {g.id for g in parts})}")
        return
    if len({(g.unit, g.actor) for g in parts}) > 1:
        units = ", ".join(f"{g.id} {g.unit or 'no unit'}{f' ({g.actor})' if g.actor else ''}" for g in parts)
        out.refused.append(f"{what}: the units or sides differ ({units})")
        return
    for a, b in ((a, b) for i, a in enumerate(parts) for b in parts[i + 1 :]):
        clash = next(((v, w) for v in a.values for w in b.values if v.article_id == w.article_id and not agree(v, w)),
                     None)  # fmt: skip
        if clash and not (a.sequence and b.sequence):
            v, w = clash
            out.refused.append(f"{what}: {v.article_id} would contradict itself (“{v.quote}” and “{w.quote}”)")
            return
    values = [v for g in parts for v in g.values]
    flaggable = any(g.disagreement or g.measure for g in parts)
    merged = _regroup(parts[0], values, flaggable, all(g.sequence for g in parts))
    first = out.groups.index(parts[0])
    out.groups = [g for g in out.groups if g.id not in ids]
    out.groups.insert(first, merged)
    out.accepted.append(f"{what} into {parts[0].id}")


def _split(out: Reviewed, gid: str, refs: list[str], alias_of: dict[str, str]) -> None:
    what = f"split of {', '.join(refs)} out of {gid}"
    g = next((g for g in out.groups if g.id == gid), None)
    if g is None:
        out.refused.append(f"{what}: unknown group id")
        return
    moved = [v for v in g.values if figure_ref(v, alias_of) in refs]
    unknown = sorted(set(refs) - {figure_ref(v, alias_of) for v in moved})
    if unknown or len(moved) == len(g.values):
        out.refused.append(f"{what}: {f'not in the group: {unknown}' if unknown else 'no figure would stay'}")
        return
    stay = [v for v in g.values if not any(v is m for m in moved)]
    new_id = f"Q{max(int(x.id.lstrip('Q')) for x in out.groups if x.id.lstrip('Q').isdigit()) + 1}"
    at = out.groups.index(g)
    out.groups[at] = _regroup(g, stay, g.disagreement, g.sequence)
    out.groups.insert(at + 1, _regroup(g, moved, g.disagreement, g.sequence).model_copy(update={"id": new_id}))
    out.accepted.append(f"{what} into {new_id}")


def _regroup(base: LedgerGroup, values: list[LedgerValue], flaggable: bool, sequence: bool) -> LedgerGroup:
    cs = clusters(values)
    differ = flaggable and conflicting(values, cs) is not None and not far_apart(values)
    g = base.model_copy(update={"values": values, "clusters": cs, "disagreement": differ and not sequence,
                                "sequence": differ and sequence})  # fmt: skip
    return g.model_copy(update={"note": note(g)})


def after_review(
    reviewed: Reviewed, before: list[LedgerGroup], disagreements: list[Disagreement], agreements: list[Agreement]
) -> tuple[list[Disagreement], list[Agreement]]:
    """The disagreements and agreements of the reviewed groups: the value flags and value agreements read
    again from them; a who-gives-it dispute kept while its groups still hold its values."""
    if not reviewed.accepted:
        return disagreements, agreements
    home = {id(v): g.id for g in reviewed.groups for v in g.values}
    kept = [
        d.model_copy(update={"group_ids": list(dict.fromkeys(home[id(v)] for v in d.values))})
        for d in disagreements
        if d.kind == "attribution" and all(id(v) in home for v in d.values)
    ]
    flags = [Disagreement(kind="values", quantity=g.quantity, group_ids=[g.id], note=g.note or "",
                          values=[g.values[i] for c in g.clusters for i in c])
             for g in reviewed.groups if g.disagreement]  # fmt: skip
    of_values = {a.statement for g in before for c in g.clusters if (a := agreement(g, c))}
    others = [a for a in agreements if a.statement not in of_values]  # the facts' agreements stay
    return flags + kept, [a for g in reviewed.groups for c in g.clusters if (a := agreement(g, c))] + others
