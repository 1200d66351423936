"""The briefing's title: the names most of the corpus's headlines share ("ANC, South Africa", "Tessaline,
China"), read from the headlines as written; when no name is in two headlines, the names most articles
mention (from their entities).

Our own rule: the headlines are few and short, and what a reader expects at the top is what the stories
call themselves, which no library gives. A headline in title case ("Tessaline Systems Reports Third Quarter
Results") capitalises every word, so its words count only where another headline capitalises them too."""

from __future__ import annotations

import re
from collections import Counter

from summarizer.schemas import ArticleBrief

_NAME = re.compile(r"[A-Z][\w’'&.-]*(?:\s+(?:of\s+)?[A-Z][\w’'&.-]*)*")
_NOT_NAMES = {"The", "A", "An", "Are", "Is", "How", "What", "Why", "Who", "Here", "Here’s", "Here's", "As", "In",
              "On", "At", "After", "Before", "New", "Live", "Update", "Breaking", "Analysis", "Opinion",
              "Exclusive"}  # fmt: skip
_MOST = 3


def story_title(briefs: list[ArticleBrief]) -> str:
    """ "Briefing: <the names most headlines share> (N articles)"."""
    top = _headline_names(briefs) or _entity_names(briefs)
    n = f"{len(briefs)} article{'s' if len(briefs) != 1 else ''}"
    return f"Briefing: {', '.join(top)} ({n})" if top else f"Briefing: {n}"


def _headline_names(briefs: list[ArticleBrief]) -> list[str]:
    headlines = [b.title or b.headline.value for b in briefs]
    plain = [h for h in headlines if not _title_case(h)]
    known = {w for h in plain for m in _NAME.finditer(h) for w in m.group().split()}
    counts: Counter[str] = Counter()
    for h in headlines:
        names = set()
        for m in _NAME.finditer(h):
            words = [w for w in m.group().split() if not _title_case(h) or w in known]
            while words and words[0] in _NOT_NAMES:
                words = words[1:]
            if words:
                names.add(re.sub(r"[’']s$", "", " ".join(words)).rstrip(":.,"))
        counts.update(n for n in names if n)
    shared = [n for n, k in counts.most_common() if k >= 2 and k * 2 >= max(counts.values())]
    return shared[:_MOST]


def _title_case(headline: str) -> bool:
    words = [w for w in headline.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and all(w[:1].isupper() for w in words)


def _entity_names(briefs: list[ArticleBrief]) -> list[str]:
    counts: Counter[str] = Counter()
    for b in briefs:
        counts.update({e.name for e in b.entities if e.type in ("place", "organization", "person")})
    return sorted(counts, key=lambda n: (-counts[n], n))[:_MOST]
