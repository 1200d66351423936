"""Values the ledger's keys leave apart that are one quantity, and the names that tell groups apart: values
split by the names they are about (`by_names`), a value no measure word names joining the one measured group
stating its number, an earlier value with its year joining the same one without (`attach_unmeasured`), and
the names a group is labelled with (`label_names`). Split from `ledger`, which builds the keys and the
groups."""

from __future__ import annotations

from summarizer.briefing.clusters import agree
from summarizer.briefing.measure import Measure
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


def by_names(items: list[tuple[LedgerValue, Measure]]) -> list[tuple[list[str], list[LedgerValue]]]:
    """Values split by the names they are about: values whose names overlap go together; a value naming
    none joins the named ones when only one set of names is in play and it states the same number as one
    of them from another article; with several sets in play, it joins the one set that states its number
    from another article (with the values naming none that agree with it); else it stays with them."""
    parts: list[tuple[set[str], list[LedgerValue]]] = []
    plain: list[LedgerValue] = []
    for v, m in items:
        if not m.names:
            plain.append(v)
            continue
        hits = [p for p in parts if p[0] & set(m.names)]
        merged = (set(m.names).union(*(p[0] for p in hits)), [x for p in hits for x in p[1]] + [v])
        parts = [p for p in parts if not any(p is h for h in hits)] + [merged]
    if len(parts) == 1:  # "400 seats" joins "400 seats in the National Assembly": same number, one name
        joining = [
            v for v in plain if any(agree(v, w, leeway=True) and w.article_id != v.article_id for w in parts[0][1])
        ]
        parts[0][1].extend(joining)
        plain = [v for v in plain if not any(v is j for j in joining)]
    elif parts:  # "Its revenue rose 16pc to $8.63bn" joins "services revenue ... $8.63 billion" of other articles
        homes = {id(v): [p for p in parts if _stated_elsewhere(v, p[1])] for v in plain}
        joining = [v for v in plain if len(homes[id(v)]) == 1]
        for v in joining:
            homes[id(v)][0][1].append(v)
        plain = [v for v in plain if not any(v is j for j in joining)]
    order = {id(v): i for i, (v, _) in enumerate(items)}  # values stay in corpus order
    out = [(sorted(names), sorted(vals, key=lambda v: order[id(v)])) for names, vals in parts]
    return ([([], plain)] if plain else []) + out


def label_names(names: list[str], values: list[LedgerValue], own: dict[int, tuple[str, ...]]) -> list[str]:
    """The group's names, or when it has none, the names every value that names any gives."""
    if names:
        return names
    given = [set(n) for v in values if (n := own.get(id(v)))]
    return sorted(set.intersection(*given)) if given else []


def _stated_elsewhere(v: LedgerValue, values: list[LedgerValue]) -> bool:
    """Whether another article states `v`'s number (within tolerance) among `values`."""
    return any(w.article_id != v.article_id and agree(v, w, leeway=True) for w in values)
