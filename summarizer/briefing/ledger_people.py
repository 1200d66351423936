"""What the people a count counts are doing, read from the count's clause: being trained, deployed, already
sent, in combat, on standby, one unit ("a battalion of ..."). Sources give counts of the same people at
different stages ("10,000 being prepared", "5,000 in position by Monday", "1,500 shipped"): different
quantities, not a disagreement. The ledger splits counts of people under arms by it (`ledger`).

Domain-neutral: the words are the word lists' (`lexicon`): `states` ("in training": [training, preparing],
"deployed": [deployed, in position, to be sent], ...), `gives_way` (states that only say the people moved)
and `refers_back` (words by which a clause points at the count before it: "the figure", "the number").

The reading is by clause. A figure's clause runs from the last clause break before its quote (a comma,
semicolon, colon, bracket, dash; "while", "whereas", "but") or the end of the figure before it in the
sentence, to the next break or figure after it: in "5,000 soldiers will be in position by Monday, with two
governments warning that joint training has involved up to 12,000 troops" the 5,000 are in position, the
12,000 in training. Within the clause: a state word right before the quote ("has deployed several thousand
troops", "had shipped 1,500 soldiers") first; else the nearest after it ("are preparing to enter"); else
the nearest before it ("training has involved up to 12,000 troops"). A clause with no state word that
refers back ("with the ministry putting the figure as high as 12,000 troops") has the state of the count
before it in the sentence. A unit word just before the quote is the unit's strength, whatever the clause
says the unit did ("a battalion of 600 marines was deployed": in a battalion). A state that only says the
people moved (arrived, shipped) gives way to one a relative clause right after says of them there ("60
rescuers arrived in the city, where they are on standby"; "have arrived in the region, where they are
expected to take part in a counteroffensive": deployed); other clauses after it do not ("had arrived this
month and while it remains unclear what they will do, ..."). A capitalised word inside a sentence, or
opening it before another, is part of a name, not a state ("the 11th Air Assault Brigade", "Training
Command said").
"""

from __future__ import annotations

import re

from summarizer.briefing.lexicon import Lexicon, lexicon
from summarizer.schemas import Figure

# Clause breaks: not the comma inside "10,000", nor the hyphen of "Russian-North Korean".
_BREAK = re.compile(r"[,;:]\s|[()\[\]]|\s[-–—]\s|—|\s(?:while|whereas|but)\s", re.I)
# Between a word and the quote, nothing but spaces, quote marks and "of": "had shipped 1,500 soldiers", "a
# battalion of 600 marines" (the battalion's strength, whatever the clause says it then did)
_ADJACENT = re.compile(r"[\s“”\"']*(?:of[\s“”\"']+)?")
_NAME_NEXT = re.compile(r"\w+\s+[A-Z]")  # a capitalised word followed by another: "Training Command said"
_NOT_BOUNDS = {"date", "time", "year", "designation", "ordinal"}  # figures that do not end a clause
_COUNTS = {"count", "vague"}  # figures a back-reference may point at
_RELATIVE = re.compile(r",\s+(?:where|who)\s")  # a clause on the place or the people just named


def clause(figure: Figure, neighbours: list[Figure]) -> tuple[int, int] | None:
    """The start and end of `figure`'s clause in its sentence (see the module), or None when its quote is
    not in its sentence."""
    s = figure.sentence
    at = s.find(figure.quote)
    if at < 0:
        return None
    end = at + len(figure.quote)
    spans = [(b, b + len(n.quote)) for n in _others(figure, neighbours) if (b := s.find(n.quote)) >= 0]
    start = max([m.end() for m in _BREAK.finditer(s, 0, at)] + [e for b, e in spans if e <= at], default=0)
    stop = min([m.start() for m in _BREAK.finditer(s, end)] + [b for b, e in spans if b >= end], default=len(s))
    return start, stop


def state_of(figure: Figure, neighbours: list[Figure], lex: Lexicon | None = None) -> str | None:
    """What the people `figure` counts are doing, by its clause (see the module): a state name of the word
    lists, or None when the clause says nothing. `neighbours`: the figures of its brief (those of its
    sentence bound its clause, and the one before it is what "the figure" refers to)."""
    lex = lex or lexicon()
    return _state(figure, neighbours, lex, depth=0)


def _state(figure: Figure, neighbours: list[Figure], lex: Lexicon, depth: int) -> str | None:
    bounds = clause(figure, neighbours)
    if bounds is None:
        return None
    s, (start, stop) = figure.sentence, bounds
    at = s.find(figure.quote)
    end = at + len(figure.quote)
    before = _words_in(s, start, at, lex)
    after = _words_in(s, end, stop, lex)
    state = None
    if before and _ADJACENT.fullmatch(s, before[-1].end(), at):  # "had shipped 1,500 soldiers"
        state = lex.states[before[-1].group().lower()]
    elif after or before:
        state = lex.states[(after[0] if after else before[-1]).group().lower()]
    if state in lex.context.get("gives_way", []) and (m := _RELATIVE.match(s, stop)):
        # "have arrived in the region, where they are expected to take part in ...": what they do there
        there = [lex.states[w.group().lower()] for w in _words_in(s, m.end(), _next_break(s, m.end()), lex)]
        return next((t for t in there if t not in lex.context.get("gives_way", [])), state)
    if state:
        return state
    refers = lex.context.get("refers_back", [])
    if depth < 3 and refers and re.search(_words(refers), s[start:at], re.I):
        earlier = _count_before(figure, neighbours, at)
        return _state(earlier, neighbours, lex, depth + 1) if earlier else None
    return None


def _words_in(s: str, start: int, stop: int, lex: Lexicon) -> list[re.Match[str]]:
    """The state words of `s[start:stop]`, less capitalised ones inside the sentence (parts of names)."""
    return [m for m in lex.state_re.finditer(s, start, stop) if not _in_name(s, m.start())]


def _next_break(s: str, at: int) -> int:
    return m.start() if (m := _BREAK.search(s, at)) else len(s)


def _others(figure: Figure, neighbours: list[Figure]) -> list[Figure]:
    """The other figures of `figure`'s sentence that end a clause (counts, amounts; not dates or names)."""
    return [
        n for n in neighbours if n.sentence == figure.sentence and n.quote != figure.quote and n.kind not in _NOT_BOUNDS
    ]


def _count_before(figure: Figure, neighbours: list[Figure], at: int) -> Figure | None:
    """The count nearest before position `at` of `figure`'s sentence: what "the figure" refers to."""
    s = figure.sentence
    before = [(b, n) for n in _others(figure, neighbours) if n.kind in _COUNTS and 0 <= (b := s.find(n.quote)) < at]
    return max(before, key=lambda x: x[0])[1] if before else None


def _in_name(s: str, i: int) -> bool:
    """Whether the word at `i` is part of a name: capitalised inside the sentence ("the Air Assault Brigade"),
    or at its start followed by another capitalised word ("Training Command said")."""
    return s[i].isupper() and (bool(s[:i].strip(" “\"'")) or bool(_NAME_NEXT.match(s, i)))


def _words(phrases: list[str]) -> str:
    return r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")(?![\w-])"
