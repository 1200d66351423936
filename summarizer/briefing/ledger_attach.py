"""Values the ledger's keys leave apart that are one quantity: a value no measure word names joins the one
measured group stating its number, and an earlier value with its year joins the same one without.
Split from `ledger`, which builds the keys and the groups."""

from __future__ import annotations

from summarizer.briefing.clusters import agree
from summarizer.schemas import LedgerValue

Key = tuple[str, str | None, tuple[str | None, tuple[str, ...], str | None]]  # (class, actor, measure key)
Split = list[tuple[Key, list[str], list[LedgerValue]]]


def attach_unmeasured(split: Split) -> Split:
    """A value no measure word names ("$24.9bn" in "... to $24.9bn") joins the one measured group of its
    unit class that holds the same value from another article (within tolerance): same number, same
    unit, one named quantity it can be. Values that could join none, or several, stay where they are.
    A value its own words scope (a poll, an estimate) joins only a group sharing a scope: a poll's 21.9%
    is not the count's 21.8%, the analysts' estimate not the company's forecast. An earlier value with a
    year ("down from 66% in 2019") joins the one group of its measure without it ("66% five years ago")."""
    measured = [(k, n, vs) for k, n, vs in split if k[2][0] is not None]
    out = []
    for key, names, values in split:
        if key[2][2] and "earlier" in key[2][1] and (home := _undated_home(key, values, measured)) is not None:
            home.extend(values)
            continue
        if key[2][0] is not None or key[0] == "personnel":
            out.append((key, names, values))
            continue
        kept = []
        for v in values:
            homes = [(k, vs) for k, _, vs in measured if k[0] == key[0] and k[1] == key[1]
                     and any(w.article_id != v.article_id and agree(v, w, leeway=True) for w in vs)]  # fmt: skip
            alike = [vs for k, vs in homes if k[2][1:] == key[2][1:]]  # same scope words and period first
            if not alike and key[2][2]:  # "the 57.5% the ANC won in 2019": the one group of 2019, not 58.6% now
                homes = [(k, vs) for k, vs in homes if k[2][2] == key[2][2]] or homes
            fits = len(alike) == 1 or (len(homes) == 1 and (not key[2][1] or set(key[2][1]) & set(homes[0][0][2][1])))
            if fits and any(w.article_id != v.article_id and _same_number(v, w) for w in (alike or [homes[0][1]])[0]):
                (alike or [homes[0][1]])[0].append(v)
            else:
                kept.append(v)
        if kept:
            out.append((key, names, kept))
    return out


def _undated_home(key: Key, values: list[LedgerValue], measured: Split) -> list[LedgerValue] | None:
    """The one group of an earlier value's measure and scopes that names no year and states each of its
    values from another article."""
    undated = (key[2][0], key[2][1], None)
    homes = [vs for k, _, vs in measured if k[:2] == key[:2] and k[2] == undated
             and all(any(w.article_id != v.article_id and agree(v, w) for w in vs) for v in values)]  # fmt: skip
    return homes[0] if len(homes) == 1 else None


def _same_number(a: LedgerValue, b: LedgerValue) -> bool:
    """The same number as the words give it: agreement without the leeway a hedge allows ("about 19
    kilometres" of ramparts is not the 18.5 km depth, 2.7% apart; "about $1.1bn" is "$1.1 billion")."""
    return agree(a.model_copy(update={"qualifier": None}), b.model_copy(update={"qualifier": None}))
