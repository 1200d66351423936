"""Which values of a ledger group agree: tolerance, clusters, and whether two clusters conflict.

- Tolerance: values agree when they differ by at most 2%, or 5% when either is approximate ("about",
  "approximately", "around", "nearly", "some", "roughly", ...). 5% covers rounding in another unit: about
  400 square miles (1,036 km²) vs approximately 1,000 km² is 3.6%. We did not take 10%: it would make
  "nearly 11,000" agree with "10,000" (9.1% apart), two estimates the sources present as different.
  Bounds ("as many as", "at least", "up to") are not approximations: they keep the 2% tolerance.
- Clusters are complete-linkage: sorted by value, a value joins the open cluster only when it agrees with
  every member, so a chain 1,000 ~ 1,040 ~ 1,080 cannot merge values 8% apart.
- Two clusters conflict when each has an article the other lacks. An article that gives two values (000:
  400 then 250 square miles, later in time) gives two quantities, not a contradiction of itself; another
  article agreeing with one of them does not make it one either.
"""

from __future__ import annotations

from summarizer.extract.quantities import same_value
from summarizer.schemas import LedgerValue

REL_TOL = 0.02
HEDGED_REL_TOL = 0.05
APPROXIMATE = {"about", "approximately", "around", "nearly", "some", "roughly", "almost", "close to",
               "an estimated", "estimated"}  # fmt: skip


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


def conflicting(
    values: list[LedgerValue], groups: list[list[int]], when: dict[int, str] | None = None
) -> tuple[list[int], list[int]] | None:
    """Two clusters neither of whose article sets holds the other's, or None. With `when` (value index →
    the time its sentence gives it: "Friday", "--06-01"), two clusters whose values are all given for
    different times are snapshots, not a conflict ("fell 1% on Friday", "rose 1.5% on Monday")."""
    sets = [{values[i].article_id for i in c} for c in groups]
    when = when or {}
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            if sets[a] <= sets[b] or sets[b] <= sets[a]:
                continue
            times_a, times_b = {when.get(i) for i in groups[a]}, {when.get(i) for i in groups[b]}
            if None not in times_a | times_b and not times_a & times_b:
                continue
            return groups[a], groups[b]
    return None


def far_apart(values: list[LedgerValue]) -> bool:
    """Values more than ten times apart: not two reports of one quantity but two quantities the words did
    not tell apart ("42 seats short", "256 seats for a coalition"). Sources that disagree are not that far
    apart: the sample's troop estimates span 1,500 to 12,000."""
    numbers = [abs(float(v.normalized_value)) for v in values if isinstance(v.normalized_value, float | int)]
    numbers = [n for n in numbers if n]
    return bool(numbers) and max(numbers) > 10 * min(numbers)
