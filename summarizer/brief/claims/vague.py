"""Sizes said without a number: "several thousand troops", "hundreds of thousands of people". A sentence's
vague size must be one the passages give, in words or as a number of that size: "several hundred
thousands" fails where the passages say "several thousand" and give counts from 1,500 to 12,000."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Passage, find_numbers, per_paragraph

_SCALE = {"ten": 10, "tens": 10, "dozen": 12, "dozens": 12, "hundred": 100, "hundreds": 100, "thousand": 1e3,
          "thousands": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9}  # fmt: skip
_VAGUE = re.compile(
    r"\b(?:(tens|dozens|hundreds|thousands|millions)\s+of\s+)?(?:(?:several|a\s+few|few|many|some)\s+)?"
    r"(hundreds?|thousands?|millions?|billions?)(?:\s+(?:of\s+)?(thousands?|millions?|billions?))?\b",
    re.I,
)


def sizes(text: str) -> list[tuple[str, float]]:
    """Each vague size of the text (its words, its order of magnitude); parts of a stated number are not."""
    taken = [(n.start, n.end) for n in find_numbers(text)]
    out = []
    for m in _VAGUE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue  # "1.2 million", "two hundred": a number, checked as one
        scale = 1.0
        for word in m.groups():
            scale *= _SCALE.get(word.lower(), 1) if word else 1
        out.append((m.group().strip(), scale))
    return out


def check_sizes(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    theirs = {s for p, _ in held for _, s in per_paragraph(p, "claims_sizes", sizes)}
    numbers = [float(n.value) for _, h in held for n in h.numbers if isinstance(n.value, float)]
    return [
        Finding("number", f"“{words}” is a size {where} do not give")
        for words, scale in sizes(sentence)
        if scale not in theirs and not any(scale <= v < 10 * scale for v in numbers)
    ]
