"""What a number is tied to where it stands: the name nearest to it, the noun it counts, "to" or "from"
before it, its unit. A sentence's number must be tied as the passage ties it: "280 goals in 435
appearances" is not "435 goals", "eased to 4.7% from 4.8%" is not "to 4.8%", 30.7% for Civic Coalition is
not Third Way's 14.4%.

A tie is only held against a sentence when the passages give the sentence's word to another number and
this number to another word: a paraphrase that names the thing differently, or not at all, passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.brief.claims.facts import Facts, Num, Passage, per_paragraph
from summarizer.brief.claims.words import (
    DETERMINERS,
    MONTHS,
    STOP,
    TITLES,
    TOKEN,
    WEEKDAYS,
    canonical,
    stem,
    word_lists,
)
from summarizer.extract.number_words import find_currency, find_unit, unit_after

_NAME_WINDOW = 8
_SKIP_AFTER = frozenset(
    ["%", "per", "cent", "percent", "million", "billion", "trillion", "bn", "m", "k", "thousand", "of"]
)
_DIRECTIONS = frozenset(["to", "from"])
NEW_CLAUSE = re.compile(r";|,\s+(?:while|but|though|although|whereas|as|and)\b")
_COMPOUND = re.compile(r"-([a-z]+)\b")
SAYING = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "reported",
        "reports",
        "estimates",
        "estimated",
        "puts",
        "put",
        "expects",
        "expected",
        "projects",
        "projected",
        "announced",
        "confirmed",
    ]
)
_TIMES = frozenset(["year", "day", "week", "month", "hour", "minute", "second"])


@dataclass(frozen=True)
class Ties:
    names: tuple[str, ...]  # proper words near the number, nearest first (canonical)
    near_name: bool  # the nearest stands within three words of it
    noun: str | None  # the word it counts (canonical), e.g. "goal" in "280 goals"
    direction: str | None  # "to" or "from" right before it (or before its hedge)
    unit: str | None  # a measurement unit or currency
    clause: tuple[int, int] = (0, 0)  # offsets of its clause (between commas, semicolons, dashes)


def ties(text: str, span: tuple[int, int], n: Num) -> Ties:
    """The ties of the number `n` (offsets into `text`) within the sentence `span` of `text`."""
    s, e = span
    cut = max((m.end() for m in NEW_CLAUSE.finditer(text, s, n.start)), default=s)  # names stop at a new clause
    tokens = [(m.group(), m.start() + s) for m in TOKEN.finditer(text[s:e])]
    at = next((i for i, (_, a) in enumerate(tokens) if a >= n.start), len(tokens))
    after = next((i for i, (_, a) in enumerate(tokens) if a >= n.end), len(tokens))
    # names before the number: news ties a value to what stands before it ("Civic Coalition, which took
    # 30.7%", "Hou Yu-ih of the Kuomintang on 33.5%", "Kendricks, who won silver with 5.95m")
    names = [
        stem(t.removesuffix("’s").removesuffix("'s"))
        for i, (t, a) in reversed(list(enumerate(tokens[:at])))
        if at - i <= _NAME_WINDOW
        and a >= cut
        and proper(t, a == s and not _named_at_start(tokens, i))
        and not _speaks(tokens, i)
    ]
    noun = None
    if compound := _COMPOUND.match(text, n.end):  # "five-year plan": the noun is "year"
        noun = canonical(compound.group(1))
    k = after
    while k < len(tokens) and tokens[k][0].lower() in _SKIP_AFTER:
        k += 1
    if noun is None and k < len(tokens) and tokens[k][0][0].islower() and tokens[k][0] not in STOP and k - after <= 2:
        word = tokens[k][0].lower()
        unit = next((u for u, forms in word_lists().unit_forms.items() if word in forms), None)
        noun = canonical(unit or word)
    j = at - 1
    hedges = {w for w, _, _ in word_lists().hedges for w in w.split()} - _DIRECTIONS
    while j >= 0 and tokens[j][0].lower() in hedges:
        j -= 1
    direction = tokens[j][0].lower() if j >= 0 and tokens[j][0].lower() in _DIRECTIONS else None
    # how near the nearest name stands, in words that say something ("Russia will keep its 1 million": 1)
    nearest = next(
        (
            sum(x.lower() not in STOP for x, _ in tokens[i + 1 : at])
            for i, (t, a) in reversed(list(enumerate(tokens[:at])))
            if proper(t, a == s and not _named_at_start(tokens, i))
        ),
        99,
    )
    left = max([span[0]] + [text.rfind(c, span[0], n.start) + 1 for c in ",;:—"])
    rights = [i for c in ",;:—" if (i := text.find(c, n.end, span[1])) >= 0]
    clause = (left, min([span[1], *rights]))
    # a list of places, each after its number ("452 in Taroudant, 41 in Ouarzazate and 15 in Marrakech"): the
    # place after a number is its own, not the one before it (the last item's)
    listed = sum(1 for m in re.finditer(r"\d[\d,.]*\d|\d", text[s:e]) if _PLACE_AFTER.match(text, s + m.end(), e))
    if listed >= 2 and (place := _PLACE_AFTER.match(text, n.end, e)):
        where = [stem(w.removesuffix("’s")) for w in TOKEN.findall(place.group("name")) if proper(w, False)]
        if where:
            return Ties(tuple(dict.fromkeys(where)), True, noun, direction, _unit(text, n), clause)
    return Ties(tuple(dict.fromkeys(names)), nearest <= 3, noun, direction, _unit(text, n), clause)


# a number's own place written after it, in a list of places: "15 within the prefecture of Marrakech"
_PLACE_AFTER = re.compile(
    r"\s*(?:%|per\s?cent\b|percent\b)?\s*(?:[a-z]+\s+)?(?:in|within)\s+(?:the\s+)?(?:(?:province|prefecture|region|state|county|district)\s+of\s+)?"
    r"(?P<name>(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)\b"
)


def _speaks(tokens: list[tuple[str, int]], i: int) -> bool:
    """The name is a source ("L’Équipe says …"), not what the number is about."""
    j = i + 1
    while j < len(tokens) and tokens[j][0][:1].isupper():  # the rest of the name: "Kyrylo Budanov, says"
        j += 1
    following = [t.lower() for t, _ in tokens[j : j + 2]]
    if following[:1] and following[0] in ("has", "have", "had"):
        following = following[1:]
    return bool(following) and following[0] in SAYING


def _named_at_start(tokens: list[tuple[str, int]], i: int) -> bool:
    """A sentence's first word is a name when it is written like one ("SoftBank") or a capitalised word
    follows it ("SoftBank Group")."""
    word = tokens[i][0]
    return (
        any(c.isupper() for c in word[1:])
        or (i + 1 < len(tokens) and tokens[i + 1][0][:1].isupper())
        or side_of(stem(word.removesuffix("’s").removesuffix("'s"))) is not None
    )


def proper(token: str, first: bool) -> bool:
    bare = token.removesuffix("’s").removesuffix("'s")
    return (
        bare[:1].isupper() and len(bare) > 1 and not first
        and bare.lower() not in TITLES | MONTHS | WEEKDAYS | DETERMINERS
    )  # fmt: skip


def _unit(text: str, n: Num) -> str | None:
    if n.kind == "money" or n.kind == "percent":
        return n.unit
    unit, _ = unit_after(text, n.end)
    return unit if unit and (find_unit(unit) or find_currency(unit)) else None


def mistied(
    sentence: str, n: Num, matches: list[tuple[Passage, Facts, Num, tuple[int, int]]], held: list[tuple[Passage, Facts]]
) -> str | None:
    """Why the passages tie this number to something else than the sentence does, or None."""
    own = ties(sentence, (0, len(sentence)), n)
    theirs = [ties(p.paragraph.text, span, m) for p, _, m, span in matches]
    if not any(
        _units_agree(own.unit, t.unit, sentence, p.paragraph.text[s:e])
        for t, (p, _, _, (s, e)) in zip(theirs, matches, strict=True)
    ):
        unit = next((t.unit for t in theirs if t.unit), None)
        return f"{n.text} is {unit or 'a plain number'} there, not {own.unit or 'a plain number'}"
    if own.direction and all(t.direction and t.direction != own.direction for t in theirs):
        return f"the passage has {n.text} as the value it went {theirs[0].direction}, not {own.direction}"
    others = [(t, m) for p, h in held for m, t in _all_ties(p, h) if m.value != n.value]
    if (
        own.noun and not any(t.noun == own.noun for t in theirs)
        and any(t2.noun == own.noun and (t.noun or t2.clause == t.clause) for t in theirs for t2, _ in others)
    ):  # fmt: skip  # the passages count this noun with another number (in this one's clause), never this one
        counted = next((t.noun for t in theirs if t.noun), None)
        return (
            f"{n.text} counts {counted} there, not {own.noun}"
            if counted
            else f"{n.text} does not count {own.noun} there"
        )
    own_sides = {side for w in own.names[:2] if (side := side_of(w))}
    if own_sides and all(t.names for t in theirs):
        sides = [{side for w in t.names[:2] if (side := side_of(w))} for t in theirs]
        if all(found and not found & own_sides for found in sides):
            return f"{n.text} is {sorted(sides[0])[0]}’s there, not {sorted(own_sides)[0]}’s"
    if own.names and own.near_name and all(t.names and t.near_name for t in theirs):
        name = own.names[0]
        mine = {key_of(w) for w in own.names}
        shared = any(mine & {key_of(w) for w in t.names} for t in theirs)
        if not shared and any(t.names and key_of(t.names[0]) in mine for t, _ in others):
            owner = next((t.names[0] for t in theirs if t.names), None)
            return f"{n.text} is said of {owner} there, not of {name}" if owner else f"{n.text} is not {name}’s there"
    return None


def key_of(name: str) -> str:
    """A name as compared: its side where it names a country or people ("ukrain", "ukrainian"), else itself."""
    return side_of(name) or name


def side_of(name: str) -> str | None:
    """The country a name stands for ("russia", "russian", "moscow", "kremlin" are one side), by the
    equivalents of claim_words.yaml that hold a people's name; None for any other word."""
    key = word_lists().equivalent.get(name)
    if key is None:
        return None
    members = word_lists().members[key]
    return key if any(re.search(r"(?:ian|ean|ese|ish|ch)s?$", m) for m in members) else None


def _units_agree(a: str | None, b: str | None, a_sentence: str, b_sentence: str) -> bool:
    """Both units the same kind, or neither has one; a unit on one side only passes when the other side's
    sentence writes it some other way ("bpd" for barrels per day) or it is a time ("36" for "36-year-old")."""
    if a is not None and b is not None:
        return a == b  # the same number in two units is two quantities ("two weeks", "two months")
    unit, other = (a, b_sentence) if a is not None else (b, a_sentence)
    if unit is None or unit in _TIMES or unit in ("percent",):
        return True
    forms = word_lists().unit_forms.get(unit, [unit])
    low = other.lower()
    return any(re.search(rf"(?<![\w/]){re.escape(f)}(?![\w/])", low) for f in forms)


def _all_ties(p: Passage, h: Facts) -> list[tuple[Num, Ties]]:
    return per_paragraph(p, "claims_ties", lambda text: [(m, ties(text, sentence_of(h, m), m)) for m in h.numbers])


def sentence_of(h: Facts, m: Num) -> tuple[int, int]:
    return next(((s, e) for s, e in h.sentences if s <= m.start < e), (0, len(h.text_norm)))
