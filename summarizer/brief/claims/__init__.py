"""Checking one sentence a model wrote against the passages it rests on: what it claims, not its words.

A sentence passes when the passages it rests on, taken together, say what it says. What code can be certain
of is checked strictly, each by its own rule, and a failure names what is wrong:
- numbers: every number equals a number stated in those passages (number words and digits alike, scales
  read as written, a hedged rounding on the side its hedge says), tied to the same kind of count
  ("2,059 injured" is not a death toll) — a number from another paragraph or article does not count;
- dates: weekdays, months and calendar dates are the passages';
- quotes: words in quotation marks are verbatim in a passage, and said by the speaker code finds there;
- attribution: a source the sentence names for a claim is the source code finds for it in the passage;
- names: every name occurs in the passages; a side or place word ("Russian", "of Marrakech") stands next
  to the same words there, so a side swapped with the passage's own words is caught;
- support: most of the sentence's content words (as stems, with documented equivalents) are in the
  passages. This is the weakest rule; a swapped role that reuses the passage's words needs the judge.

Word lists live in claim_words.yaml. Sentence splitting is pysbd (it knows "Lt. Gen." and "U.S."),
stemming is Snowball: both well-kept libraries made for exactly this.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from summarizer.brief.claims.facts import Facts, Finding, Passage, facts_of, label_of
from summarizer.brief.claims.hedges import check_hedges
from summarizer.brief.claims.names import check_names, check_opposites, check_owners
from summarizer.brief.claims.numbers import check_counts, check_dates, check_numbers
from summarizer.brief.claims.roles import check_roles
from summarizer.brief.claims.sources import check_attribution, check_claim_sources, check_quotes
from summarizer.brief.claims.vague import check_sizes
from summarizer.brief.claims.words import content_stems, sentences
from summarizer.read.article import Article, Paragraph

__all__ = ["Finding", "Passage", "breaks_off", "check_sentence", "content_stems", "paragraph_stems", "sentences"]

SUPPORT = 0.6  # share of a sentence's content stems the passages must hold
# No stop at the end, and a last word no sentence ends on: text cut off at a length bound mid-phrase
# ("The reports indicate that about"), which a model's grammar allows.
_DANGLING = re.compile(
    r"(?<![\w-])(?:a|an|the|of|to|about|that|and|or|but|with|for|from|by|than|as|at|in|on|its|their)\s*$", re.I
)


def breaks_off(text: str) -> bool:
    """Prose of full sentences (a summary, a key point, not a headline) whose last one has no stop: cut at a
    length bound mid-word ("… South Korea, and Russia have all s")."""
    return bool(text.strip()) and not re.search(r"[.!?…][\"”’')\]]*$", text.strip())


def _unpaired(sentence: str) -> bool:
    """An opening quotation mark with no close, or a close with no opening ("Here’s what we know\","). Single
    marks are left alone: ’ is also the apostrophe."""
    straight = sentence.count('"') % 2 == 1
    return straight or sentence.count("“") != sentence.count("”")


def paragraph_stems(article: Article, paragraph: Paragraph) -> set[str]:
    """A paragraph's content stems, worked out once per article (for choosing the passages a sentence that
    cites none rests on). Apart from `facts_of`: choosing among every paragraph needs only the stems, and
    the rest of the facts (numbers, dates) cost ten times more."""
    cache = article.derived.setdefault("stems", {})
    assert isinstance(cache, dict)
    if (stems := cache.get(paragraph.index)) is None:
        stems = cache[paragraph.index] = content_stems(paragraph.text)
    return stems


def check_sentence(sentence: str, passages: Sequence[Passage]) -> list[Finding]:
    """Everything `sentence` says that `passages` do not: empty when it can be shown as the model wrote it."""
    if not passages:
        return [Finding("support", "it cites no paragraph that exists")]
    if not content_stems(sentence):
        return [Finding("support", "it says nothing (no words)")]
    if re.search(r"(?:\.\.\.|…)[”\"']?$|[\[(,;:–—-]\W*$", sentence.strip()) or _DANGLING.search(sentence):
        return [Finding("support", "it breaks off unfinished")]
    if _unpaired(sentence):
        return [Finding("support", "its quotation marks do not pair (text cut from a string)")]
    if not re.match(r"[\w“\"‘'(]", sentence.strip()) or sentence.strip()[0].islower():
        return [Finding("support", "it does not start as a sentence does")]
    held = [(p, facts_of(p)) for p in passages]
    where = label_of(passages)
    findings = check_numbers(sentence, held, where)
    findings += check_dates(sentence, held, where)
    findings += check_counts(sentence, held, where)
    findings += check_sizes(sentence, held, where)
    findings += check_quotes(sentence, held, where)
    findings += check_attribution(sentence, held, where)
    findings += check_claim_sources(sentence, held, where)
    findings += check_names(sentence, held, where)
    findings += check_opposites(sentence, held, where)
    findings += check_owners(sentence, held, where)
    findings += check_roles(sentence, held, where)
    findings += check_hedges(sentence, held, where)
    findings += check_scripts(sentence, held, where)
    if not findings:
        findings += check_support(sentence, held, where)
    return findings


def check_scripts(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    """Letters of a writing system the passages do not use (a small model's stray "м" after a Latin word)."""
    theirs = {_script(c) for p, _ in held for c in p.paragraph.text if c.isalpha()}
    stray = sorted({c for c in sentence if c.isalpha() and _script(c) not in theirs})
    return [Finding("support", f"letters {''.join(stray[:5])!r} are in no script of {where}")] if stray else []


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split()[0]


def check_support(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    own = content_stems(re.sub(r"\d[\d,.]*", " ", sentence))
    if not own:
        return []
    union = set().union(*(h.stems for _, h in held))
    share = len(own & union) / len(own)
    if share < SUPPORT:
        missing = sorted(own - union)[:4]
        return [Finding("support", f"{where} do not say this ({share:.0%} of its words; not: {', '.join(missing)})")]
    for clause in _CLAUSES.split(sentence):  # a clause of its own added to a supported sentence
        words = content_stems(re.sub(r"\d[\d,.]*", " ", clause))
        if len(words) >= CLAUSE_WORDS and len(words & union) / len(words) < CLAUSE_SUPPORT:
            missing = sorted(words - union)[:4]
            return [Finding("support", f"{where} do not say “{clause.strip()[:60]}” (not: {', '.join(missing)})")]
    return []


CLAUSE_WORDS, CLAUSE_SUPPORT = 3, 0.5  # a clause of 3+ content words, half of them in the passages
# where a sentence goes on to a clause of its own: "; ", ", and …", ", prompting …", " and threatened …"
_CLAUSES = re.compile(
    r";|,\s+(?=(?:and|but|while|as|after|prompting|sending|leaving|though)\b)|\s+and\s+(?=[a-z]+ed\b)"
)
