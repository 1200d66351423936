"""The facts several articles report, found by code: sentences that several articles share the content words
of, each shown once as a verbatim sentence that reads alone, with the articles and paragraphs that report it;
then article leads. Split from `crossref` (timeline, speakers).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from summarizer.briefing.ledger import agree, build_ledger
from summarizer.extract.actors import sides_in
from summarizer.extract.text import content_words
from summarizer.read.article import Article
from summarizer.schemas import Agreement, ArticleBrief, Citation, Development, LedgerGroup, LedgerValue

MAX_DEVELOPMENTS = 6
# Sentence similarity: Jaccard over content words, stemmed to their first 6 letters ("escalatory" and
# "escalation" meet, so do "Zelensky"/"Zelenskyy"), side words folded to one token ("Pyongyang" = "North
# Korea"). Names and titles, attribution verbs ("said", "according") and the corpus's topic words (in more
# than 20% of its sentences: here North Korea, Russia, Ukraine, troops) are left out: they say who reports
# and what the corpus is about, not which fact a sentence states. Tuned on the kursk-2024 sample: whole
# sentences at 0.25 with 3 shared words find the Vladivostok/Il-76 sentences of 000, 001 and 002; clauses
# (split at , ; : — and brackets) at 0.3 with 2 shared words find shorter shared facts inside long
# sentences ("several thousand ... Kursk", "an obvious escalatory step" ~ "a clear step in Russia's
# escalation"). Place names count in the Jaccard but not towards the shared words: "the Kursk region" is
# in every other sentence. Lower thresholds start pairing sentences that merely share "recent months".
SENTENCE_JACCARD = 0.25
SENTENCE_SHARED = 3
CLAUSE_JACCARD = 0.3
CLAUSE_SHARED = 2
CLAUSE_MIN_WORDS = 3
TOPIC_SHARE = 0.2
MIN_TOPIC_SENTENCES = 10  # in a handful of sentences, a word in 20% of them is the shared fact, not the topic
_STEM = 6
_SAYING = frozenset(
    re.findall(
        r"\w+",
        "according reportedly reported reports report confirmed confirming cited citing told telling announced "
        "revealed disclosed sources source official officials statement noted added adding explained suggested "
        "warned warning say says said stated believed believe suspect expected",
    )
)
# A sentence that needs the one before it to be read: it opens with a pronoun ("Its chief electoral officer
# ... said the commission expected to announce it"); another article's wording of the same fact is shown instead.
_ANAPHOR = re.compile(
    r"(?:It|Its|He|His|She|Her|They|Their|Them|This|These|That|Those|There|Either way|But|And|Yet|Still|However"
    r"|Even so|That said)\b"
)
# A wire's dateline before its first sentence: "JOHANNESBURG, June 1 (Meridian) - ", "AUSTIN, Texas, October
# 28, 2025 — ". What follows it is still verbatim.
_DATELINE = re.compile(
    # "JOHANNESBURG, June 1 (Meridian)", "RABAT (Continental Press Wire)"
    r"(?:[A-Z][A-Z.' ]{2,}(?:,[^—–\n]{0,60}?)?(?:\s*\([^()]{2,40}\))?"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})? \([^()]{2,40}\))"  # "Oct 28 (Meridian Wire)", its city split off
    r"\s+[-–—]\s+(?=[A-Z])"
)
_CLAUSE = re.compile(r"[,;:—–()]")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor)\b|n[’']t\b", re.I)


@dataclass
class _Sentence:
    article: int  # index in corpus order
    index: int  # index among the article's sentences
    paragraph: int
    text: str
    words: set[str] = field(default_factory=set)
    clauses: list[set[str]] = field(default_factory=list)
    places: set[str] = field(default_factory=set)  # stems of place names: shared, they do not make a fact
    negated: list[bool] = field(default_factory=list)  # per clause


def developments(
    briefs: list[ArticleBrief], articles: dict[str, Article], groups: list[LedgerGroup] | None = None
) -> tuple[list[Development], list[Agreement]]:
    """Facts reported by two or more articles (as developments and as agreements), then article leads.
    `groups` is the ledger of these briefs when the caller has built it already."""
    ids = [b.article_id for b in briefs if b.article_id in articles]
    places = {b.article_id: {w for e in b.entities if e.type == "place" for w in e.name.split()} for b in briefs}
    sentences = _sentences([articles[i] for i in ids], [places[i] for i in ids])
    numbers = _ledger_values(groups if groups is not None else build_ledger(briefs)[0])
    clusters = [
        c
        for c in _cluster(sentences)
        if len({s.article for s in c}) >= 2 and not _conflicting([numbers.get((ids[s.article], s.text), []) for s in c])
    ]
    # a fact only ever told in words that need the sentence before ("He ordered the armed forces ...") goes last
    clusters.sort(
        key=lambda c: (
            all(_ANAPHOR.match(s.text) for s in c),
            -lead_weight((s.article, s.paragraph) for s in c),
            min((s.article, s.index) for s in c),
        )
    )
    out: list[Development] = []
    agreements: list[Agreement] = []
    for c in clusters:
        first = min(c, key=lambda s: (bool(_ANAPHOR.match(s.text)), s.article, s.index))  # one that reads alone
        text = lead_text(first.text)
        # the article whose sentence is shown first, then the others in corpus order
        reporting = list(
            dict.fromkeys(
                [ids[first.article]] + [ids[s.article] for s in sorted(c, key=lambda s: (s.article, s.index))]
            )
        )
        citations = _citations(c, ids)
        out.append(Development(text=text, origin="fallback", articles=reporting, citations=citations))
        agreements.append(
            Agreement(
                statement=text,
                articles=reporting,
                count=len(reporting),
                citations=citations,
                quotes=[first.text] + [s.text for s in c if s is not first],
            )
        )
    used = {(s.article, s.index) for c in clusters for s in c}
    for k, article_id in enumerate(ids):
        lead = next((s for s in sentences if s.article == k and len(s.text) >= 60), None)
        if lead and (lead.article, lead.index) not in used and len(out) < MAX_DEVELOPMENTS:
            out.append(
                Development(
                    text=lead_text(lead.text),
                    origin="fallback",
                    articles=[article_id],
                    citations=_citations([lead], ids),
                )
            )
    return out[:MAX_DEVELOPMENTS], agreements


def _ledger_values(groups: list[LedgerGroup]) -> dict[tuple[str, str], list[tuple[str, LedgerValue]]]:
    """The ledger's numeric values by (article, sentence), each with its group's unit and actor."""
    out: dict[tuple[str, str], list[tuple[str, LedgerValue]]] = {}
    for g in groups:
        for v in g.values:
            if v.normalized_value is not None and v.quote in lead_text(v.sentence):  # not a dateline's date
                out.setdefault((v.article_id, v.sentence), []).append((f"{g.unit}|{g.actor}", v))
    return out


def _conflicting(numbers: list[list[tuple[str, LedgerValue]]]) -> bool:
    """Whether sentences that share their words give different numbers, or one number to different sides,
    for one unit: "positioned around 50,000 troops" (Ukrainian) vs "relocated about 50,000 troops"
    (Russian) is the ledger's attribution conflict, not a fact two articles agree on."""
    flat = [(key, v) for sentence in numbers for key, v in sentence]
    for (ka, a), (kb, b) in combinations(flat, 2):
        same_unit = ka.split("|")[0] == kb.split("|")[0]
        if a.article_id != b.article_id and same_unit and (ka != kb or not agree(a, b)):
            return True
    return False


def _citations(sentences: list[_Sentence], ids: list[str]) -> list[Citation]:
    keys = dict.fromkeys((ids[s.article], s.paragraph) for s in sorted(sentences, key=lambda s: (s.article, s.index)))
    return [Citation(article_id=a, paragraph=p) for a, p in keys]


def _sentences(articles: list[Article], places: list[set[str]]) -> list[_Sentence]:
    out = []
    for k, a in enumerate(articles):
        for i, s in enumerate(a.sentences):
            if a.title and s.text in a.title:
                continue
            p = a.paragraph_at(s.start)
            out.append(
                _Sentence(
                    k,
                    i,
                    p.index if p else 0,
                    s.text,
                    _words(lead_text(s.text), places[k]),  # a dateline's city and outlet are no part of the fact
                    [_words(c, places[k]) for c in _CLAUSE.split(lead_text(s.text))],
                    {w.lower()[:_STEM] for w in places[k]},
                    [bool(_NEGATION.search(c)) for c in _CLAUSE.split(lead_text(s.text))],
                )
            )
    counts = Counter(w for s in out for w in s.words)
    topic = {w for w, n in counts.items() if n > max(TOPIC_SHARE * len(out), MIN_TOPIC_SENTENCES)}
    for s in out:
        s.words -= topic
        s.clauses = [c - topic for c in s.clauses]
    return out


def _words(text: str, places: set[str]) -> set[str]:
    """Stemmed content words; capitalised words are names and titles, left out unless the article's
    entities call them a place ("Kursk", "Vladivostok"); side words become one token each."""
    for m in reversed(sides_in(text)):
        text = f"{text[: m.start]} {m.side.replace(' ', '').lower()} {text[m.end :]}"
    kept = []
    for k, m in enumerate(re.finditer(r"[\w’'-]+", text)):
        w = m.group()
        opening = k == 0 or text[max(0, m.start() - 2) : m.start()].strip() in ("“", '"')
        if w[:1].isupper() and not opening and w not in places and not re.search(r"\d", w):
            continue
        kept.append(w)
    return {w[:_STEM] for w in content_words(" ".join(kept)) if w not in _SAYING}


def _similar(a: _Sentence, b: _Sentence) -> float:
    """Jaccard of the two sentences, or of their most alike clauses, when either passes its threshold."""
    best, places = 0.0, a.places | b.places
    if len(a.words & b.words - places) >= SENTENCE_SHARED:
        best = max(best, _jaccard(a.words, b.words) if _jaccard(a.words, b.words) >= SENTENCE_JACCARD else 0.0)
    for x, nx in zip(a.clauses, a.negated, strict=True):
        for y, ny in zip(b.clauses, b.negated, strict=True):
            # "troops have been engaged" vs "forces haven't yet engaged" share words, not a fact
            if nx != ny:
                continue
            if min(len(x), len(y)) >= CLAUSE_MIN_WORDS and len(x & y - places) >= CLAUSE_SHARED:
                j = _jaccard(x, y)
                best = max(best, j if j >= CLAUSE_JACCARD else 0.0)
    return best


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _cluster(sentences: list[_Sentence]) -> list[list[_Sentence]]:
    """Most similar pairs first; two clusters merge unless that would put two sentences of one article
    together that are not next to each other (an article states a fact once; neighbours may split it)."""
    pairs = sorted(
        (
            (sim, i, j)
            for i, j in combinations(range(len(sentences)), 2)
            if sentences[i].article != sentences[j].article and (sim := _similar(sentences[i], sentences[j])) > 0
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    owner = list(range(len(sentences)))
    members = {i: [i] for i in range(len(sentences))}
    for _, i, j in pairs:
        a, b = owner[i], owner[j]
        if a == b or not _compatible([sentences[k] for k in members[a] + members[b]]):
            continue
        for k in members[b]:
            owner[k] = a
        members[a] += members.pop(b)
    return [[sentences[k] for k in sorted(m)] for m in members.values() if len(m) > 1]


def _compatible(group: list[_Sentence]) -> bool:
    by_article: dict[int, list[int]] = {}
    for s in group:
        by_article.setdefault(s.article, []).append(s.index)
    return all(max(v) - min(v) <= len(v) - 1 for v in by_article.values())


def lead_weight(mentions: Iterable[tuple[object, int]]) -> float:
    """How much a fact or a figure leads the corpus, from (article, paragraph) of each mention: each article
    counts 1 / the paragraph it first tells it in. News puts what matters first, so a fact two articles lead
    with ("A powerful earthquake struck ..., killing at least 632": ¶2 and ¶3) comes before one four mention
    low down ("The army said it had deployed ...")."""
    first: dict[object, int] = {}
    for article, paragraph in mentions:
        first[article] = min(first.get(article, paragraph), paragraph)
    return sum(1 / max(p, 1) for p in first.values())


def lead_text(sentence: str) -> str:
    """The sentence without a dateline before it."""
    return _DATELINE.sub("", sentence, count=1) if _DATELINE.match(sentence) else sentence
