"""Which cue of a sentence speaks for a figure (`pick`), and whether a source names a person
(`is_person`). Split from `cues`, which finds the cues."""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from summarizer.extract.cue_words import SOURCE_NOUNS
from summarizer.extract.entities import DEMONYMS, PLACES, org_like


class _Cue(Protocol):
    @property
    def pos(self) -> int: ...  # where the cue word starts
    @property
    def start(self) -> int: ...  # the source's noun phrase
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...  # "speech", "source" or "quote"
    @property
    def owner(self) -> bool: ...  # the possessor of a count


_POSTPOSED = re.compile(r"[\s,]*(?i:according)\b")
_BRACKETS = re.compile(r"\([^()]*\)")
_NEW_CLAUSE = re.compile(  # a dash: "Oct 28 (Wire) - X said"; a time clause: "58 seats six months after Zuma announced"
    r"(?:,\s+(?:and|but|while|whereas)|;|\s[-–—]|—|\b(?:after|before|when|until|once|because))\s*$"
)
C = TypeVar("C", bound=_Cue)
# "Revenue rose 8.1% to $24.87 billion, beating estimates of $24.41 billion, according to LSEG data": the
# comparison with what analysts expected has its own source, which is not the result's; and the result's
# sayer ("The company reported ..., better than the $24.4 billion analysts expected") gave no estimate.
_COMPARISON = re.compile(
    r",?\s+(?:beating|topping|missing|ahead\s+of|above|below|short\s+of|compared\s+(?:with|to)|against|"
    r"versus|vs\.?|(?:a\s+bit\s+|slightly\s+|much\s+)?(?:better|worse)\s+than)\s",
    re.I,
)
_CLAUSE_END = re.compile(r"[;:]|,(?!\s*(?:according\s+to|based\s+on|citing|compiled\s+by|polled\s+by|as\s+polled)\b)")
_EXPECTED = re.compile(
    r"\b(?:analysts?|economists?|consensus|expectations?|expected|expecting|estimates|polled|Wall\s+Street)\b", re.I
)


def is_person(name: str) -> bool:
    """A named person: ends in a capitalised word that is no acronym, place, organisation or plain noun."""
    last = name.split()[-1]
    return (
        last[:1].isupper() and not last.isupper() and not name.lower().startswith(("the ", "a ", "an "))
        and name not in PLACES and not org_like(name) and last.lower() not in SOURCE_NOUNS
        and last not in DEMONYMS
    )  # fmt: skip


def pick(cues: list[C], start: int, end: int, text: str = "", sentence: tuple[int, int] | None = None) -> C | None:
    """The cue that speaks for the figure at [start, end): the nearest before it, else the first after it;
    with the sentence's masked `text`, a source named right after the figure first, and no sayer of a
    clause that opens after the figure. With the `sentence`'s bounds, a comparison with what others expected
    is a claim of its own (`expectation_clause`)."""
    cues = [c for c in cues if c.kind != "quote" and (c.end <= start or c.start >= end)]
    if text and sentence and (clause := expectation_clause(text, *sentence)):
        inside = clause[0] <= start < clause[1]
        cues = [c for c in cues if (clause[0] <= c.pos < clause[1]) == inside]
    # "The magnitude 6.8 earthquake (7 according to Morocco's institute) struck at 11:11pm": a cue in
    # brackets speaks for what the brackets hold, not for the figures around them
    aside = [m.span() for m in _BRACKETS.finditer(text) if not (m.start() <= start and end <= m.end())]
    cues = [c for c in cues if not any(s < c.pos < e for s, e in aside)]
    before = [c for c in cues if c.pos < start]
    after = [c for c in cues if c.pos >= end]
    if text:
        # "6.8 according to the USGS and 6.9 according to the EMSC": a source right after a figure is its own
        if tag := next((c for c in after if c.kind == "source" and _POSTPOSED.match(text, end, c.pos + 9)), None):
            return tag
        # "Spain is home to 800,000 ..., and Spanish consulates said ...": a sayer after the figure whose
        # clause opens after it ("and"/"but" after a comma, or a semicolon) says only its own clause
        after = [c for c in after if not (c.start < c.pos and _NEW_CLAUSE.search(text, end, c.start))]
    if before and max(before, key=lambda c: c.pos).owner:  # "Morocco's death toll rose to 2,122, the ministry said"
        said = [c for c in after if c.kind == "speech"]
        return said[0] if said else max(before, key=lambda c: c.pos)
    return max(before, key=lambda c: c.pos) if before else (after[0] if after else None)


def expectation_clause(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Where the sentence [lo, hi) of `text` sets a figure beside what others expected: from the comparison
    word to the end of its clause (a comma, colon or semicolon, though not one before the estimate's source:
    ", according to LSEG data", ", based on a survey of analysts"), when expectation words are in it."""
    for m in _COMPARISON.finditer(text, lo, hi):
        stop = next((b.start() for b in _CLAUSE_END.finditer(text, m.end(), hi)), hi)
        if _EXPECTED.search(text, m.end(), stop):
            return m.start(), stop
    return None
