"""A claim the passages only hedge, stated as fact: "North Korea has deployed its elite units" where the
article says the soldiers "are believed to be elite units". The passage clause that holds most of the
sentence's words is where it is said; when that clause hedges (believed, may, reportedly, allegedly, ...)
and the sentence does not, the sentence claims more than its source."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Passage, per_paragraph
from summarizer.brief.claims.words import content_stems

# what makes a passage's clause less than a fact
_HEDGE = re.compile(
    r"\b(?:believed|thought|may|might|could|reportedly|allegedly|alleged|suspected|likely|unlikely|probably|"
    r"possibly|purportedly|unconfirmed|unverified|rumou?red|appears?\s+to|seems?\s+to|if|unless|whether)\b",
    re.I,
)
# what keeps a sentence from stating it as fact: a hedge, or a source or an expectation it is given to
_QUALIFIED = re.compile(
    rf"{_HEDGE.pattern}|\b(?:says?|said|told|according|reports?|reported|claims?|claimed|expects?|expected|"
    r"would|estimates?|estimated|warns?|warned|fears?|feared)\b",
    re.I,
)
_CLAUSE = re.compile(r"[;,:—]\s+|\.\s+")
SHARED, SHARE = 3, 0.5  # the clause holds at least 3 of the sentence's content words, and half of them


def check_hedges(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    if _QUALIFIED.search(sentence):
        return []
    own = content_stems(sentence)
    if not own:
        return []
    best: tuple[int, str] | None = None
    for p, _ in held:
        for clause, stems in per_paragraph(p, "claims_clauses", _clauses):
            shared = len(own & stems)
            if best is None or shared > best[0]:
                best = (shared, clause)
    if best is None or best[0] < SHARED or best[0] / len(own) < SHARE:
        return []
    shared, clause = best
    if (hedge := _HEDGE.search(clause)) is not None:
        return [Finding("hedge", f"{where} hedge it (“{hedge.group()}”): “{clause.strip()[:70]}”")]
    return []


def _clauses(text: str) -> list[tuple[str, set[str]]]:
    return [(clause, content_stems(clause)) for clause in _CLAUSE.split(text)]
