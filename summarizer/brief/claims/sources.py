"""Who says what in a sentence: quotes verbatim and with their speaker, and each named source the one code
finds for the claim in the passage (by the same cue rules code reads articles with)."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Num, Passage, find_numbers
from summarizer.brief.claims.numbers import hedge_before, same_number
from summarizer.brief.claims.ties import sentence_of
from summarizer.brief.claims.words import (
    DEMONYM,
    DETERMINERS,
    MONTHS,
    STOP,
    TOKEN,
    WEEKDAYS,
    canonical,
    content_stems,
    phrase_stem,
    word_lists,
)
from summarizer.extract.attribution import find_quotes, same_speaker, speaker_of
from summarizer.extract.cues import read_cues
from summarizer.extract.entities import ROLE_WORDS
from summarizer.extract.entities import TITLES as ENTITY_TITLES
from summarizer.extract.text import normalize_text
from summarizer.read.ingest import article_from_text

QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|‘([^‘’]+)’(?!\w)")


# Not "recorded": "Al Haouz recorded 1,293 deaths" names where they were counted, not who counted them.
_SOURCE_VERBS = (
    "said|says|say|told|tells|puts|put|estimates|estimated|expects|expected|projects|projected|forecast|"
    "forecasts|predicted|reported|reports|announced|credited|counted|counts|confirmed|"
    "proposed|requested|sought|warned|blamed|called|dismissed|described|denied|rejected|accused|urged|insisted|"
    "argued|acknowledged|admitted"
)
# a body named by its kind ("the interior ministry", "Greece’s fire brigade", "the state’s chief secretary")
_BODY = (
    r"\b(?:(?:[Tt]he|[Aa]n?|[A-Z][\w-]*[’']s)\s+)(?:[a-z][\w-]*\s+){0,3}"
    r"(?:ministry|agency|government|commission|council|police|army|military|brigade|service|authority|"
    r"authorities|court|regulator|company|union|office|secretary|minister|spokesman|spokeswoman|spokesperson|"
    r"officials?|institute|survey|centre|center|committee|bank|opposition|campaign|party|coalition|alliance|"
    r"rebels|group|team|club|firm|league|federation|association|poll|results|figures|count|data)"
    r"(?:\s+(?:in|of|for)\s+[A-Z][\w-]*)?"
)
_NAMED_SOURCE = re.compile(
    rf"(?P<who>{_BODY}|(?:(?:the|a|an)\s+)?(?:[A-Z][\w’'.&-]*\s+(?:(?:of|for|and)\s+)?){{0,5}}[A-Z][\w’'.&-]*"
    rf"|(?:economists|analysts|officials|experts)(?:\s+polled\s+by\s+[A-Z][\w’'.-]*)?)"
    rf"\s+(?:(?:has|have|had|also|now|had\s+been)\s+)?(?:{_SOURCE_VERBS})\b"
)
# "according to X": X runs to the next comma, semicolon or sentence end ("U.S." keeps its dots)
ACCORDING = re.compile(
    r"\b(?:according to|citing|cited by|polled by|(?:poll|survey|projection|estimate|count)s?\s+(?:\w+\s+){0,2}?by)"
    r"\s+(?P<who>(?:[^,;:.]|\.(?=\S))+?)(?=\s+(?:for|that|which|on|in|projected|showed|put)\b|[,;:]|\.(?!\S)|$)"
)


def check_quotes(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    findings = []
    for m in QUOTED.finditer(sentence):
        quoted = next(g for g in m.groups() if g is not None).strip(" ,.")
        needle = normalize_text(quoted)
        home = next(((p, h) for p, h in held if needle in h.text_norm), None)
        if home is None:
            findings.append(Finding("quote", f"“{quoted[:60]}” is not word for word in {where}"))
            continue
        said_by = speaker_in(sentence, m.start(), m.end()) or _named_before(sentence, m.start())
        if said_by is None:
            continue
        p, _ = home
        code = next((q.speaker for q in find_quotes(p.article) if needle in normalize_text(q.text) and q.speaker), None)
        if code is None and (at := normalize_text(p.paragraph.text).find(needle)) >= 0:
            code = speaker_of(p.article, p.paragraph.start + at, p.paragraph.start + at + len(quoted))
        if code and not same_source(said_by, code):
            findings.append(Finding("attribution", f"the quote is {code}’s in {p.label}, not {said_by}’s"))
    return findings


def _named_before(sentence: str, at: int) -> str | None:
    """The last source named before `at` in its clause ("while Moscow dismissed the claims as “…”")."""
    start = max((m.end() for m in _NEXT_CLAUSE.finditer(sentence, 0, at)), default=0)
    found = [m for m in _NAMED_SOURCE.finditer(sentence, start, at)]
    return found[-1].group("who").strip() if found else None


def matches(n: Num, held: list[tuple[Passage, Facts]], hedge: tuple[str, float] | None) -> list[tuple[Passage, Num]]:
    return [(p, m) for p, h in held for m in h.numbers if same_number(n, m, hedge)]


def number_source(p: Passage, m: Num) -> str | None:
    """Who the passage's article attributes the number at `m` to."""
    return speaker_of(p.article, p.paragraph.start + m.start, p.paragraph.start + m.end)


def speaker_in(sentence: str, start: int, end: int) -> str | None:
    """Who the sentence itself says said [start, end), by the same rules code reads articles with."""
    article = article_from_text(sentence, title="")
    return speaker_of(article, start, end)


def sources_in(sentence: str) -> list[tuple[int, str]]:
    """Every source the sentence names ("X said", "according to X", "X puts it at", "the 3.3% X expected"),
    each with the offset that divides what it says from the rest: claims after it when words follow, else
    before it."""
    article = article_from_text(sentence, title="")
    ctx = read_cues(article)
    found = [(c, who) for cues in ctx.cues.values() for c in cues if c.kind != "quote" and (who := ctx.name(c))]
    out = [(max(c.pos, c.end), _last_clause(who)) for c, who in found if _named(who)]
    for m in [*ACCORDING.finditer(sentence), *_NAMED_SOURCE.finditer(sentence)]:
        who = m.group("who").strip()
        known = [normalize_text(w) for _, w in out]
        if _named(who) and not any(normalize_text(who) in w or w in normalize_text(who) for w in known):
            out.append((m.end(), who))
    return out


_NUMBER_NEXT = re.compile(
    rf"\s*(?:(?:{_SOURCE_VERBS})\b)?\s*(?:about|some|nearly|almost|at least|more than)?\s*[$€£]?\d"
)
_CLAIM_BEFORE = re.compile(rf"\s*(?:(?:{_SOURCE_VERBS})\b(?:\s+(?:on\s+)?\w+day)?)?\s*[,.;]")


def _last_clause(name: str) -> str:
    """A source's name without what a loose parse ran into before it ("Marrakech; Morocco’s institute")."""
    return re.split(r"[;:]\s*", name)[-1].strip()


def passage_sources(p: Passage, span: tuple[int, int]) -> list[str]:
    """The sources a passage sentence names for what it says: code's speaker, and names before a verb of
    saying, estimating or expecting ("analysts had expected", "the interior ministry projected")."""
    text = p.paragraph.text[span[0] : span[1]]
    found = [m.group("who").strip() for m in [*ACCORDING.finditer(text), *_NAMED_SOURCE.finditer(text)]]
    return [who for who in found if _named(who)]


def _named(who: str) -> bool:
    """A source worth holding a sentence to: not a day, a month or "reports"."""
    last = normalize_text(who).split()[-1] if who.split() else ""
    return last not in MONTHS | WEEKDAYS | {"reports", "report", "media"}


def same_source(a: str, b: str) -> bool:
    """The same source, or one a writer may call the other: "Pakistan’s disaster agency" for "Pakistan’s
    National Disaster Management Authority (NDMA)". Every proper word of the shorter must be in the longer."""
    if same_speaker(a, b) or _acronym_of(a, b) or _acronym_of(b, a) or _equivalent(a, b):
        return True
    wa, wb = ({canonical(w) for w in TOKEN.findall(x) if w.lower() not in DETERMINERS | STOP} for x in (a, b))
    if not wa or not wb:
        return False
    proper_a, proper_b = _proper_words(a), _proper_words(b)
    names = {w for w in proper_a & proper_b if len(w) >= 4 and not DEMONYM.match(w.capitalize())}
    if names:  # the same outlet, person or body named in both: "L’Équipe" ~ "French sports newspaper L’Équipe"
        return True
    short, long, short_proper = (wa, wb, proper_a) if len(wa) <= len(wb) else (wb, wa, proper_b)
    prefixes = {w[:5] for w in long}
    if not all(w in long or w[:5] in prefixes for w in short_proper):
        return False
    return sum(w in long or w[:5] in prefixes for w in short) / len(short) >= 0.5


def _equivalent(a: str, b: str) -> bool:
    """ "Pyongyang" for "North Korea", "Moscow" for "Russia" (claim_words.yaml)."""
    keys = [
        word_lists().equivalent.get(phrase_stem(" ".join(w for w in normalize_text(x).split() if w not in DETERMINERS)))
        for x in (a, b)
    ]
    return keys[0] is not None and keys[0] == keys[1]


def _acronym_of(short: str, long: str) -> bool:
    """ "the UN" for "The United Nations", "the NYT" for "The New York Times"."""
    letters = [w for w in TOKEN.findall(short) if w.isupper() and len(w.replace(".", "")) >= 2]
    initials = "".join(
        re.sub(r"[^A-Z]", "", w) if re.fullmatch(r"(?:[A-Z]\.)+", w) else w[0]
        for w in TOKEN.findall(long)
        if w[0].isupper() and w not in ("The", "A", "An")
    )
    return any(w.replace(".", "") == initials for w in letters)


def _proper_words(name: str) -> set[str]:
    """The capitalised words of a source's name, less titles and roles ("Minister", "President")."""
    out = set()
    for w in TOKEN.findall(name):
        if w[0].isupper() and w.lower() not in DETERMINERS | ROLE_WORDS and not {w, f"{w}."} & ENTITY_TITLES:
            out.add(canonical(w))
    return out


def check_claim_sources(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    """A source the sentence names for a claim with no number must be one the passage names for it: the
    passage sentence that shares most of the claim's words (at least 60%) is where it is said. The claim
    runs from the source to the next source or clause ("…, while X said …"), or back to the last one."""
    findings = []
    sources = sources_in(sentence)
    cuts = sorted({0, len(sentence), *(m.start() for m in _NEXT_CLAUSE.finditer(sentence))})
    for pos, who in sources:
        before = len(sentence[pos:].split()) < 4 or _CLAIM_BEFORE.match(sentence, pos)
        start = max(c for c in cuts if c <= pos) if before else pos
        end = pos if before else min(c for c in cuts if c > pos)
        claim = sentence[start:end]
        if find_numbers(claim):
            continue  # check_attribution ties numbers to their sources
        own = content_stems(claim) - content_stems(who)
        if len(own) < 3:
            continue
        best: tuple[float, Passage, tuple[int, int]] | None = None
        for p, h in held:
            for span in h.sentences:
                share = len(own & content_stems(p.paragraph.text[span[0] : span[1]])) / len(own)
                if best is None or share > best[0]:
                    best = (share, p, span)
        if best is None or best[0] < 0.6:
            continue
        _, p, (s, e) = best
        named = [w for w in [speaker_of(p.article, p.paragraph.start + s, p.paragraph.start + e)] if w]
        named += passage_sources(p, (s, e))
        if named and not any(same_source(w, n) for _, w in sources for n in named):
            findings.append(Finding("attribution", f"{p.label} gives this to {named[0]}, not {who}"))
    return findings


_NEXT_CLAUSE = re.compile(r";|,\s+(?:while|but|though|although|whereas|as|and)\b")


def check_attribution(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    """A source the sentence names for a number must be the source code finds for that number. A source
    speaks for the number nearest its cue word."""
    findings = []
    numbers = [n for n in find_numbers(sentence) if n.kind != "date"]
    sources = sources_in(sentence)
    if not numbers or not sources:
        return []
    claimed: dict[int, list[str]] = {}
    for pos, who in sources:
        after = [i for i, n in enumerate(numbers) if n.start >= pos]
        before = [i for i, n in enumerate(numbers) if n.end <= pos]
        ends = len(sentence[pos:].split()) < 4 or _CLAIM_BEFORE.match(sentence, pos)  # "…, X said." "…, X,"
        if ends and not (after and _NUMBER_NEXT.match(sentence, pos)):
            if not before:
                continue
            nearest = before[-1]
        elif after:
            nearest = after[0]
        else:
            continue
        claimed.setdefault(nearest, []).append(who)
    for i, names in claimed.items():
        n = numbers[i]
        hedge = hedge_before(sentence, n.start)
        code = []
        for p, m in matches(n, held, hedge):
            if who := number_source(p, m):
                code.append(who)
            code += passage_sources(p, sentence_of(next(h for q, h in held if q is p), m))
        if code and not any(same_source(name, who) for name in names for who in code):
            findings.append(Finding("attribution", f"{n.text} is given by {code[0]} in {where}, not {names[0]}"))
    return findings
