"""Which values of a ledger group agree: tolerance, clusters, and whether two clusters conflict.

- Tolerance: values agree when they differ by at most 2%, or 5% when either is approximate ("about",
  "approximately", "around", "nearly", "some", "roughly", ...). 5% covers rounding in another unit: about
  400 square miles (1,036 km²) vs approximately 1,000 km² is 3.6%. We did not take 10%: it would make
  "nearly 11,000" agree with "10,000" (9.1% apart), two estimates the sources present as different.
  Bounds ("as many as", "at least", "up to") are not approximations: they keep the 2% tolerance.
- Precision: a hedged number that is not round ("about 165") is a rounding to its last digit (to 5 there),
  so a count stated exactly must round to it: "about 165 seats" and "162 seats" disagree, as 165 and 162 do.
  It is still close enough to be one quantity (`leeway`): a value naming nothing joins a group by that.
- Clusters are complete-linkage: sorted by value, a value joins the open cluster only when it agrees with
  every member, so a chain 1,000 ~ 1,040 ~ 1,080 cannot merge values 8% apart.
- A bound is no value: "below 41%" (a partial count) and 40.18% (the final one), "more than 600" and 632
  dead agree. Two clusters whose values all keep each other's bounds do not conflict.
- Two clusters conflict when each has an article the other lacks. An article that gives two values (000:
  400 then 250 square miles, later in time) gives two quantities, not a contradiction of itself; another
  article agreeing with one of them does not make it one either.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.extract.quantities import same_value
from summarizer.schemas import LedgerValue

REL_TOL = 0.02
HEDGED_REL_TOL = 0.05
APPROXIMATE = {"about", "approximately", "around", "nearly", "some", "roughly", "almost", "close to",
               "an estimated", "estimated"}  # fmt: skip


AT_MOST = {"below", "under", "less than", "fewer than", "up to", "at most", "just under", "no more than",
           "no later than"}  # fmt: skip  # not "as many as": a high estimate, not a ceiling
AT_LEAST = {"above", "over", "more than", "at least", "upwards of", "well over", "just over", "as few as", "as low as"}

_DATE = re.compile(r"^(?:(\d{4})|-)-(\d{2})(?:-(\d{2}))?$")


def _same_when(a: str, b: str) -> bool:
    """Dates agree component by component, a missing year or day matching any ("--09-27" = "2025-09-27");
    clock times as written ("18:00")."""
    da, db = _DATE.match(a), _DATE.match(b)
    if not (da and db):
        return a == b
    return all(x is None or y is None or x == y for x, y in zip(da.groups(), db.groups(), strict=True))


def agree(a: LedgerValue, b: LedgerValue, leeway: bool = False) -> bool:
    """Same value within 2%, or 5% when either is approximate, or as rounded ("16pc" for 15.6%); two
    whole numbers stated exactly ("87 seats", "88 seats") only when equal, and one stated exactly only when it
    rounds to a hedged number that is not round ("about 165" is not 162); dates and times when they name the
    same day or minute; vague values never agree. With `leeway`, a hedge's 5% holds for every number: close
    enough to be one quantity (a value that names nothing joins a group by it), not to agree on it."""
    if isinstance(a.normalized_value, str) and isinstance(b.normalized_value, str):
        return _same_when(a.normalized_value, b.normalized_value)
    if not isinstance(a.normalized_value, float | int) or not isinstance(b.normalized_value, float | int):
        return False
    hedged = (a.qualifier or "").lower() in APPROXIMATE or (b.qualifier or "").lower() in APPROXIMATE
    x, y = float(a.normalized_value), float(b.normalized_value)
    if x != y and _exact(a) and _exact(b):  # "87 seats" and "88 seats": a count to the unit, not a rounding
        return False
    for rough, exact in ((a, b), (b, a)):
        if hedged and not leeway and _exact(exact) and (step := _hedged_step(rough)):
            return abs(x - y) <= step / 2  # "about 165 seats" is 162.5 to 167.5: not 162, stated exactly
    return same_value(x, y, HEDGED_REL_TOL if hedged else REL_TOL) or _rounded(a, b) or _rounded(b, a)


def _decimals(v: LedgerValue) -> int | None:
    """Decimal places the value is written with ("16" → 0, "15.6" → 1); None when its number is scaled
    ("$24.9bn") or not written in digits."""
    if not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", v.text or "") or v.normalized_value != v.value:
        return None
    return len(v.text.split(".", 1)[1]) if "." in v.text else 0


def _exact(v: LedgerValue) -> bool:
    """A whole number written to the unit, unhedged, not ending in 0 ("87", "2,012"): stated exactly."""
    return _decimals(v) == 0 and not v.qualifier and not v.text.endswith("0")


def _hedged_step(v: LedgerValue) -> int | None:
    """The step a hedged whole number that is not round is rounded to: 5 for "about 165", 1 for "about 72";
    None for a round number ("about 160", "nearly 11,000": 5% leeway), decimals, or no hedge. The same
    written-precision reading as `_exact` and `_rounded`: "about 165" is a rounding to the nearest 5, so a count
    stated exactly as 162 is another number, as 162 and 165 stated exactly are."""
    if (v.qualifier or "").lower() not in APPROXIMATE or _decimals(v) != 0 or v.text.endswith("0"):
        return None
    return 5 if v.text.endswith("5") else 1


def _rounded(rough: LedgerValue, exact: LedgerValue) -> bool:
    """ "16pc" for 15.6%, "6pc" for 6.2%: `rough`, written with fewer decimals, is `exact` rounded, and no
    two named sources give them (the USGS's 6.8 and the institute's 7 are two measurements); within 5%, as
    for an approximate value."""
    d, e = _decimals(rough), _decimals(exact)
    if d is None or e is None or d >= e or (rough.attributed_to and exact.attributed_to):
        return False
    x, y = float(exact.normalized_value or 0), float(rough.normalized_value or 0)
    return abs(round(x, d) - y) < 1e-9 and same_value(x, y, HEDGED_REL_TOL)  # "1%" is not 1.36% rounded


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
    when: list[list[int]] = []  # dates and times, most precise first ("2025-09-27" before "--09")
    dated = [(str(v.normalized_value), i) for i, v in enumerate(values) if isinstance(v.normalized_value, str)]
    for _, i in sorted(dated, key=lambda d: (-len(d[0]), d)):
        home = next((c for c in when if all(agree(values[i], values[j]) for j in c)), None)
        if home is None:
            when.append([i])
        else:
            home.append(i)
    return out + when


def conflicting(
    values: list[LedgerValue], groups: list[list[int]], when: dict[int, str] | None = None
) -> tuple[list[int], list[int]] | None:
    """Two clusters neither of whose article sets holds the other's, or None. With `when` (value index →
    the time its sentence gives it: "Friday", "--06-01"), two clusters whose values are all given for
    different times are snapshots, not a conflict ("fell 1% on Friday", "rose 1.5% on Monday")."""
    sets = [{values[i].article_id for i in c} for c in groups]
    return first_conflict(values, groups, when or {}, lambda a, b: sets[a] <= sets[b] or sets[b] <= sets[a])


def first_conflict(
    values: list[LedgerValue], groups: list[list[int]], when: dict[int, str], apart: Callable[[int, int], bool]
) -> tuple[list[int], list[int]] | None:
    """The first two clusters that conflict: not `apart` (by articles, or by sources), not a bound the other
    keeps, and not all given for different times (snapshots)."""
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            if apart(a, b):
                continue
            if all(within_bounds(values[i], values[j]) for i in groups[a] for j in groups[b]):
                continue
            times_a, times_b = {when.get(i) for i in groups[a]}, {when.get(i) for i in groups[b]}
            if None not in times_a | times_b and not times_a & times_b:
                continue
            return groups[a], groups[b]
    return None


def within_bounds(a: LedgerValue, b: LedgerValue) -> bool:
    """Whether one of two values is a bound the other keeps: "below 41%" and 40.18%, "more than 600" and 632."""
    x, y = a.normalized_value, b.normalized_value
    if not isinstance(x, float | int) or not isinstance(y, float | int):
        return False
    qa, qb = (a.qualifier or "").lower(), (b.qualifier or "").lower()
    return (
        (qa in AT_MOST and y <= x)
        or (qa in AT_LEAST and y >= x)
        or (qb in AT_MOST and x <= y)
        or (qb in AT_LEAST and x >= y)
    )


def far_apart(values: list[LedgerValue]) -> bool:
    """Values more than ten times apart: not two reports of one quantity but two quantities the words did
    not tell apart ("42 seats short", "256 seats for a coalition"). Sources that disagree are not that far
    apart: the sample's estimates of North Korean troops deployed span 2,600 to 5,000, those in training 10,000
    to 12,000 (they were one group, 1,500 to 12,000, when a count of troops was split by side alone)."""
    numbers = [abs(float(v.normalized_value)) for v in values if isinstance(v.normalized_value, float | int)]
    numbers = [n for n in numbers if n]
    return bool(numbers) and max(numbers) > 10 * min(numbers)
