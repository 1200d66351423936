"""Who says what in a sentence: quotes verbatim and with their speaker, and each named source the one code
finds for the claim in the passage (by the same cue rules code reads articles with)."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Num, Passage, find_numbers
from summarizer.brief.claims.numbers import hedge_before, same_number
from summarizer.brief.claims.source_words import (
    ACCORDING,
    CANDIDATE,
    CLAIM_BEFORE,
    GOES_ON,
    HAS_ON,
    NAMED_SOURCE,
    NEXT_CLAUSE,
    NUMBER_NEXT,
    PRONOUN_AFTER,
    RELATIVE,
)
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
    start = max((m.end() for m in NEXT_CLAUSE.finditer(sentence, 0, at)), default=0)
    found = [m for m in NAMED_SOURCE.finditer(sentence, start, at)]
    return found[-1].group("who").strip() if found else None


def matches(n: Num, held: list[tuple[Passage, Facts]], hedge: tuple[str, float] | None) -> list[tuple[Passage, Num]]:
    exact = [(p, m) for p, h in held for m in h.numbers if m.value == n.value]
    return exact or [(p, m) for p, h in held for m in h.numbers if same_number(n, m, hedge)]


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
    for m in [*ACCORDING.finditer(sentence), *NAMED_SOURCE.finditer(sentence), *HAS_ON.finditer(sentence)]:
        who = m.group("who").strip()
        known = [normalize_text(w) for _, w in out]
        if _named(who) and not any(normalize_text(who) in w or w in normalize_text(who) for w in known):
            out.append((m.end(), who))
    return out


def _last_clause(name: str) -> str:
    """A source's name without what a loose parse ran into before it ("Marrakech; Morocco’s institute")."""
    return re.split(r"[;:]\s*", name)[-1].strip()


def passage_sources(p: Passage, span: tuple[int, int]) -> list[str]:
    """The sources a passage sentence names for what it says: code's speaker, and names before a verb of
    saying, estimating or expecting ("analysts had expected", "the interior ministry projected")."""
    text = p.paragraph.text[span[0] : span[1]]
    found = [m.group("who").strip() for m in [*ACCORDING.finditer(text), *NAMED_SOURCE.finditer(text)]]
    return [who for who in found if _named(who)]


def pronoun_source(p: Passage, span: tuple[int, int], m: Num) -> tuple[str, list[str]] | None:
    """Who "it" after the number stands for, and the other bodies and names of its sentence. "It" is the
    nearest before it, not the subject: "Regulator Ofwat has allowed the company to raise bills … below the
    53% increase it had requested" (the company). Our own rule: no library here resolves a pronoun in one
    sentence without a parser and its model."""
    text = p.paragraph.text
    if not PRONOUN_AFTER.match(text, m.end):
        return None
    found = [c.group().strip() for c in CANDIDATE.finditer(text, span[0], m.start)]
    found = [w for w in found if w.split()[0] not in ("The", "A", "An", "In", "On", "At") or len(w.split()) > 1]
    return (found[-1], found[:-1]) if found else None


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
    # bodies of two different owners are two bodies, whatever word they share ("Taiwan’s election commission"
    # is not "China’s Taiwan Affairs Office")
    owner_a, owner_b = ({canonical(w) for w in re.findall(r"(\w+)[’']s\b", x)} for x in (a, b))
    apart = bool(owner_a and owner_b and not owner_a & owner_b)
    names = {w for w in proper_a & proper_b if len(w) >= 4 and not DEMONYM.match(w.capitalize()) and not apart}
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
    # a clause that goes on with the source as "it" or "he" is still the source's ("…, though he gave no details")
    cuts = sorted(
        {
            0,
            len(sentence),
            *(m.start() for m in NEXT_CLAUSE.finditer(sentence) if not GOES_ON.match(sentence, m.end())),
        }
    )
    for pos, who in sources:
        before = len(sentence[pos:].split()) < 4 or CLAIM_BEFORE.match(sentence, pos)
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


def _ends(sentence: str, pos: int) -> bool:
    """The source closes what it says: "…, X said." "…, X," "the 33.2% Ipsos projected"."""
    return len(sentence[pos:].split()) < 4 or bool(CLAIM_BEFORE.match(sentence, pos))


def _leading(sentence: str, sources: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The source the sentence opens with, when what it says follows ("The interior ministry has …",
    "Pakistan’s disaster agency says …"): at most three words before it, none a number."""
    for pos, who in sorted(sources):
        start = sentence.find(who)
        head = sentence[:start]
        if start < 0 or len(head.split()) > 3 or find_numbers(head):
            return None
        return None if _ends(sentence, pos) else (pos, who)
    return None


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
        ends = _ends(sentence, pos)
        if ends and not (after and NUMBER_NEXT.match(sentence, pos)):
            if not before:
                continue
            nearest = before[-1]
        elif after:
            nearest = after[0]
        elif before and RELATIVE.search(sentence[numbers[before[-1]].end : max(sentence.rfind(who, 0, pos), 0)]):
            nearest = before[-1]  # "the 1,500 that South Korea’s NIS said had been shipped"
        else:
            continue
        claimed.setdefault(nearest, []).append(who)
    governed = set()
    if lead := _leading(sentence, sources):  # the sentence's subject speaks for what no one else claims …
        pos, who = lead
        takes_over = min((p for p, _ in sources if p > pos and not _ends(sentence, p)), default=len(sentence))
        governed = {i for i, n in enumerate(numbers) if pos <= n.start < takes_over and i not in claimed}
        claimed.update({i: [who] for i in governed})
    for i, names in claimed.items():
        n = numbers[i]
        hedge = hedge_before(sentence, n.start)
        code = []
        for p, m in matches(n, held, hedge):
            span = sentence_of(next(h for q, h in held if q is p), m)
            if said := pronoun_source(p, span, m):  # the passage's "it" for a body the sentence names apart
                it, others = said
                if any(same_source(name, o) for name in names for o in others if not same_source(name, it)):
                    code.append(it)
                    continue
            if who := number_source(p, m):
                code.append(who)
            code += passage_sources(p, span)
        if i in governed and not any(same_source(w, c) for _, w in sources for c in code):
            continue  # … where a source the sentence names for other numbers has this one in the passage
        if code and not any(same_source(name, who) for name in names for who in code):
            findings.append(Finding("attribution", f"{n.text} is given by {code[0]} in {where}, not {names[0]}"))
    return findings
