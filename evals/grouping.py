"""Scoring the ledger's grouping against the gold's quantity keys, not only its flags.

A discrepancy counts as found when its values sit in a flagged group, so one group holding every
percentage of a corpus "finds" every percentage discrepancy. These scores look at the groups themselves.
The pairs: every two gold figures from different articles that carry a `quantity` key and were matched to
system figures the ledger could hold (not dates, times, years, ordinals or designations, which go to the
timeline or nowhere).

- pair precision: of the pairs the ledger put in one group, the share with the same gold quantity;
- pair recall: of the pairs with the same gold quantity, the share the ledger put in one group (a figure
  the ledger left out is in no group, so its pairs count as missed);
- flagged-group purity: of the groups flagged "sources disagree" (and the disagreements listed beside
  them) holding gold-keyed figures, the share holding one gold quantity only; `mixed_flags` names the
  others. A flag on a group holding two quantities says sources disagree when they do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scoring import Match

# Figure kinds the ledger never holds (`summarizer.briefing.ledger`): not scored as pairs.
_NOT_IN_LEDGER = {"designation", "year", "ordinal", "date", "time"}


@dataclass
class GroupingScore:
    grouped_pairs: int = 0  # pairs in one ledger group
    grouped_same: int = 0  # ... of which share a gold quantity
    same_pairs: int = 0  # pairs sharing a gold quantity
    flagged: int = 0  # flagged groups holding gold-keyed figures
    mixed_flags: list[dict[str, Any]] = field(default_factory=list)  # flagged groups holding 2+ quantities

    @property
    def pair_precision(self) -> float | None:
        return self.grouped_same / self.grouped_pairs if self.grouped_pairs else None

    @property
    def pair_recall(self) -> float | None:
        return self.grouped_same / self.same_pairs if self.same_pairs else None

    @property
    def flag_purity(self) -> float | None:
        return (self.flagged - len(self.mixed_flags)) / self.flagged if self.flagged else None


def keyed_figures(matches: Iterable[tuple[str, list[Match]]]) -> dict[tuple[str, str], str]:
    """(brief article id, system figure id) → the gold quantity key of its match, for the figures of
    kinds the ledger may hold whose gold figure has a key. `matches`: (brief article id, its matches)."""
    return {
        (article_id, m.system.id): m.gold.quantity
        for article_id, ms in matches
        for m in ms
        if m.gold.quantity and m.system.kind not in _NOT_IN_LEDGER
    }


def score_grouping(keyed: dict[tuple[str, str], str], briefing: Any) -> GroupingScore | None:
    """`keyed` maps (brief article id, system figure id) of each matched system figure to the gold
    quantity key of its match (only figures whose gold has a key, of kinds the ledger may hold).
    None when the gold has no quantity keys or the briefing no ledger."""
    if not keyed or not isinstance(briefing, dict) or not isinstance(briefing.get("ledger"), list):
        return None
    where: dict[tuple[str, str], str] = {}
    for n, group in enumerate(briefing["ledger"]):
        gid = str(group.get("id") or n)
        for v in group.get("values") or []:
            if v.get("figure_id"):
                where[(v["article_id"], v["figure_id"])] = gid
    result = GroupingScore()
    for (fa, qa), (fb, qb) in combinations(sorted(keyed.items()), 2):
        if fa[0] == fb[0]:  # pairs of values from different articles
            continue
        same = qa == qb
        together = fa in where and where.get(fa) == where.get(fb)
        result.same_pairs += same
        result.grouped_pairs += together
        result.grouped_same += same and together
    attribution = [d for d in briefing.get("disagreements") or [] if d.get("kind") == "attribution"]
    flagged = [g for g in briefing["ledger"] if g.get("disagreement")] + attribution
    for group in flagged:
        members = [(v["article_id"], v.get("figure_id")) for v in group.get("values") or []]
        quantities = {keyed[k] for k in members if k in keyed}
        if not quantities:
            continue
        result.flagged += 1
        if len(quantities) > 1:
            result.mixed_flags.append({"group": group.get("quantity"), "quantities": sorted(quantities)})
    return result
