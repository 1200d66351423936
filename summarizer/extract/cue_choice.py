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
_NEW_CLAUSE = re.compile(r"(?:,\s+(?:and|but|while|whereas)|;)\s+$")
C = TypeVar("C", bound=_Cue)


def is_person(name: str) -> bool:
    """A named person: ends in a capitalised word that is no acronym, place, organisation or plain noun."""
    last = name.split()[-1]
    return (
        last[:1].isupper() and not last.isupper() and not name.lower().startswith(("the ", "a ", "an "))
        and name not in PLACES and not org_like(name) and last.lower() not in SOURCE_NOUNS
        and last not in DEMONYMS
    )  # fmt: skip


def pick(cues: list[C], start: int, end: int, text: str = "") -> C | None:
    """The cue that speaks for the figure at [start, end): the nearest before it, else the first after it;
    with the sentence's masked `text`, a source named right after the figure first, and no sayer of a
    clause that opens after the figure."""
    cues = [c for c in cues if c.kind != "quote" and (c.end <= start or c.start >= end)]
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
