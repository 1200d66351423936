"""Whose a number is, by the clause that holds it: "Russia will keep its 1 million bpd cut and Saudi Arabia
its 300,000" is caught against "Saudi Arabia will extend its cut of 1 million bpd…, while Russia said it would
keep cutting exports by 300,000 bpd". News writes two subjects' figures into one sentence between cuts ("; ",
", while", ", but", ", whereas"); the name a sentence gives a number must be the one in that number's clause.
"""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Num, Passage, find_numbers
from summarizer.brief.claims.ties import NEW_CLAUSE, SAYING, key_of, proper, sentence_of, side_of
from summarizer.brief.claims.words import STOP, TOKEN, stem


def clause_owner(
    sentence: str, n: Num, matches: list[tuple[Passage, Facts, Num, tuple[int, int]]], held: list[tuple[Passage, Facts]]
) -> str | None:
    """Why the number belongs to another of the sentence's names: in every passage that has it, its clause
    names another name of the sentence and not the one the sentence gives it, and the passages give that one
    a number of the same kind in a clause of its own. "Russia will keep its 1 million bpd cut and Saudi
    Arabia its 300,000" against "Saudi Arabia will extend its cut of 1 million bpd…, while Russia said it
    would keep cutting exports by 300,000 bpd". A clause runs between the cuts news writes between two
    subjects ("; ", ", while", ", but", ", whereas")."""
    known = _names_known([sentence, *(p.paragraph.text for p, _ in held)])
    cut = max((c.end() for c in NEW_CLAUSE.finditer(sentence, 0, n.start)), default=0)
    before = [(m, w) for m, w in _proper_stems(sentence, cut, n.start, known)]
    if not before or _speaks_after(sentence, n.end):
        return None  # no name of its own, or a source of its own ("the 41% Gallup projected"): check_attribution's
    m, name = before[-1]
    # the stretch that leads to the number, from the number before it: a name there may be what it is of
    lead_in = {key_of(w) for w in (w for mm, w in before if mm.start() >= _previous_number_end(sentence, n))}
    if len([w for w in TOKEN.findall(sentence[m.end() : n.start]) if w.lower() not in STOP]) > 3 or _speaks_at(
        sentence, m
    ):
        return None
    key = key_of(name)
    mine = {key_of(w) for _, w in _proper_stems(sentence, 0, len(sentence), known)}
    owners = []
    for p, _, pm, (s, e) in matches:
        there = {
            key_of(w) for _, w in _proper_stems(p.paragraph.text, *_clause_span(p.paragraph.text, pm, s, e), known)
        }
        if key in there or not (there & mine - {key}) or there & lead_in:
            return None
        owners.append(sorted(there & mine)[0])
    if not owners or not _owns_another(key, matches[0][2], held, known):
        return None
    return f"{n.text} is in what the passage says of {owners[0]}, not of {name}"


def _previous_number_end(sentence: str, n: Num) -> int:
    return max((m.end for m in find_numbers(sentence) if m.end <= n.start), default=0)


def _clause_span(text: str, m: Num, s: int, e: int) -> tuple[int, int]:
    left = max((c.end() for c in NEW_CLAUSE.finditer(text, s, m.start)), default=s)
    right = min((c.start() for c in NEW_CLAUSE.finditer(text, m.end, e)), default=e)
    return left, right


def _names_known(texts: list[str]) -> set[str]:
    """Words written capitalised where no sentence starts: a sentence's first word is a name if one of them."""
    return {
        stem(m.group().removesuffix("’s").removesuffix("'s"))
        for t in texts
        for m in TOKEN.finditer(t)
        if m.group()[:1].isupper() and m.start() > 0 and not re.search(r"[.!?:]\W*$", t[: m.start()])
    }


_VERB_AFTER = re.compile(
    r"\s*(?:%|per\s*cent|[a-z]+illion|bn|m)?\s*(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){1,4}(?:has\s+|had\s+)?(\w+)"
)


def _speaks_after(text: str, end: int) -> bool:
    """A name right after the number says it: "the 41% Gallup projected"."""
    m = _VERB_AFTER.match(text, end)
    return bool(m) and m.group(1).lower() in SAYING | {"forecast", "forecasts", "proposed", "sought", "counted"}


def _speaks_at(text: str, m: re.Match[str]) -> bool:
    after = re.match(r"(?:\s+[A-Z][\w’'.-]*)*\s*,?\s*(?:has\s+|had\s+)?(\w+)", text[m.end() :])
    return bool(after) and after.group(1).lower() in SAYING


def _owns_another(key: str, n: Num, held: list[tuple[Passage, Facts]], known: set[str]) -> bool:
    """The passages give the name a number of the same kind in a clause of its own."""
    for p, h in held:
        for m in h.numbers:
            if m.kind != n.kind or (m.unit != n.unit and None not in (m.unit, n.unit)) or m.value == n.value:
                continue
            span = _clause_span(p.paragraph.text, m, *sentence_of(h, m))
            if key in {key_of(w) for _, w in _proper_stems(p.paragraph.text, *span, known)}:
                return True
    return False


def _proper_stems(text: str, start: int, end: int, known: set[str]) -> list[tuple[re.Match[str], str]]:
    """The names of text[start:end] as stems; a sentence's first word only where it is a known name."""
    out = []
    for m in TOKEN.finditer(text, start, end):
        word = stem(m.group().removesuffix("’s").removesuffix("'s"))
        first = not text[: m.start()].strip() or bool(re.search(r"[.!?]\W*$", text[: m.start()]))
        if proper(m.group(), first and word not in known and side_of(word) is None):
            out.append((m, word))
    return out
