"""Who says what: the sources an article names for its figures and quotes, found by rules.

Rule-based on purpose: no NER or parser model is available (we rejected anonymous spaCy model repackagings
and add no dependencies), and news attribution is formulaic ("X said", "said X", "according to X", "“…,” X
said", "X, citing …, said"), so patterns over one sentence, with quoted words masked out, cover it.

Policies (None is better than wrong):
- A speaker is a verbatim substring of `article.text`: the source's noun phrase as written where the claim is
  attributed, titles and roles kept ("Ukrainian President Volodymyr Zelensky", "Lt. Gen. Budanov", "A senior
  Ukrainian official with knowledge of the troop movements"); relative clauses ("… who spoke to …") and a
  role description after a named person (", a military expert at …,") are left out; a descriptive subject
  keeps the name in apposition ("South Korea’s spy agency, the National Intelligence Service (NIS)").
- Several cues in one sentence: the nearest one before the span wins, which is the original source ("the New
  York Times cited a senior Ukrainian official …, confirming that 5,000 …" → "a senior Ukrainian official";
  the citation's own clause, "on October 25", stays with the New York Times); else the nearest one after.
- "X said that according to Y, …" stays X's (X vouches for it; "Zelensky said Friday that according to
  Ukraine’s intelligence … October 27" → "Zelensky"). "according to reports" and the like name no one: None.
- "he"/"she" resolve to the most recent named person quoted as a source in the same or two previous kept
  paragraphs; "they"/"it" never resolve.
- A sentence with no cue borrows only from an adjacent sentence of its paragraph that ends in an anaphoric
  tag ("…, the Ukrainian official said."). A quote with no tag of its own that opens its sentence continues
  the previous quote of the paragraph (“…,” the soldier says. “…”), or, opening a paragraph, the last quote
  of the previous one.
The cue machinery (quoted words masked, cue words, source noun phrases) lives in cues.py.
Entity finding and name comparison (`same_speaker`, `mentioned`) live in entities.py, re-exported here.
"""

from __future__ import annotations

import bisect
import re

from summarizer.extract import entities
from summarizer.extract.cues import is_person, pick, read_cues
from summarizer.extract.entities import DEMONYMS, TITLES
from summarizer.extract.entities import mentioned as mentioned
from summarizer.extract.entities import same_speaker as same_speaker
from summarizer.read.article import Article
from summarizer.schemas import Entity, Quote

__all__ = ["find_entities", "find_quotes", "mentioned", "person_speakers", "same_speaker", "speaker_of"]


def speaker_of(article: Article, start: int, end: int) -> str | None:
    """Who the claim at text offsets [start, end) is attributed to, as named in the article, or None."""
    para = article.paragraph_at(start)
    if para is None or para.dropped is not None:
        return None
    ctx = read_cues(article)
    # Quotes do not overlap: only the last one of the paragraph starting at or before `start` can hold it
    quotes = ctx.quotes_in.get(para.index, [])
    k = bisect.bisect_right(ctx.quote_starts.get(para.index, []), start) - 1
    if k >= 0 and quotes[k].span.start <= start and end <= quotes[k].span.end and (who := ctx.quote_speaker(quotes[k])):
        return who
    sents = ctx.sentences(para)
    if not sents:
        return None
    sent = ctx.sentence(para, start)
    in_sent = ctx.cues_between(para, sent.start, sent.end)
    if in_sent:
        return ctx.name(pick(in_sent, start, end, ctx.m, (sent.start, sent.end)))
    i = ctx.position(para, sent.start)  # its index in `sents`
    if i > 0 and _BREAKDOWN.match(article.text, sent.start):  # "By province, Al Haouz recorded 1,684 deaths"
        prev = sents[i - 1]
        if cues := ctx.cues_between(para, prev.start, prev.end):
            return ctx.name(pick(cues, prev.end, prev.end, ctx.m))
    for j in (i - 1, i + 1):
        if 0 <= j < len(sents) and (c := ctx.tag(para, sents[j])):
            return ctx.name(c)
    return None


# A sentence that breaks down the count of the one before is that count's source's: "The ministry's toll
# stands at 2,960 dead. By province, Al Haouz recorded 1,684 deaths, ..."; "Of these, 1,404 ...".
_BREAKDOWN = re.compile(
    r"\s*(?:By\s+(?:province|region|state|county|district|segment|party|country|age)\w*|"
    r"Of\s+(?:these|those|them|the\s+\w+))\s*,"
)


def find_quotes(article: Article) -> list[Quote]:
    """Quoted passages of three words or more in kept paragraphs, with who said them."""
    ctx = read_cues(article)
    return [
        Quote(text=article.text[slice(q.span.start, q.span.end)], speaker=ctx.quote_speaker(q),
              paragraph=q.para.index, span=q.span, origin="fallback")
        for q in ctx.quotes
    ]  # fmt: skip


def person_speakers(article: Article) -> set[str]:
    """Proper-name parts of the named people the article quotes as sources (for typing entities)."""
    ctx = read_cues(article)
    names = set()
    for cues in ctx.cues.values():
        for c in cues:
            text = article.text[c.start : c.end]
            if is_person(text):
                words = text.split()
                i = len(words)
                while i and words[i - 1][:1].isupper() and words[i - 1] not in TITLES | DEMONYMS:
                    i -= 1
                names.add(" ".join(words[i:]))
    return names


def find_entities(article: Article) -> list[Entity]:
    """People, organisations and places the article names (`entities.find_entities`), with the people it
    quotes as sources typed as people."""
    return entities.find_entities(article, person_speakers(article))
