"""Cross-article reading by code: the timeline and who said what (the facts several articles report are
in `developments`).

No model: dates come from the date figures, speakers from the attributions and quotes found in each
article. Every text this module returns is a verbatim sentence or quote from an article, with the article
and paragraph it is in.
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.briefing.developments import lead_text
from summarizer.extract.attribution import same_speaker
from summarizer.extract.quantities import parse_date
from summarizer.schemas import (
    ArticleBrief,
    Claim,
    Speaker,
    TimelineEvent,
)


def timeline(briefs: list[ArticleBrief]) -> list[TimelineEvent]:
    """Every date figure, and each article on its published date when its metadata gives one, sorted by
    date; a date without a year sorts as if in its article's published year, else in the corpus's most
    stated year.

    Two articles dating the same event both stay, each with its own sentence and source: which of them is
    right, or whether they mean the same event, is for the reader to see.
    """
    events: list[TimelineEvent] = []
    for b in briefs:
        if b.published:
            events.append(
                TimelineEvent(
                    date=b.published,
                    text=b.title or b.headline.value,
                    quote=b.published,
                    article_id=b.article_id,
                    paragraph=0,
                    kind="published",
                )
            )
        seen: set[tuple[str, int]] = set()
        for f in b.figures:
            if f.kind != "date":
                continue
            date = f.value if isinstance(f.value, str) else parse_date(f.text)
            if not date or (date, f.span.start) in seen:
                continue
            seen.add((date, f.span.start))
            events.append(
                TimelineEvent(
                    date=date,
                    text=_text(f.sentence, f.quote),
                    quote=f.quote,
                    article_id=b.article_id,
                    paragraph=f.paragraph,
                )
            )
    years = Counter(e.date[:4] for e in events if re.match(r"\d{4}", e.date))
    default = years.most_common(1)[0][0] if years else "9999"
    year_of = {b.article_id: b.published[:4] for b in briefs if b.published and re.match(r"\d{4}", b.published)}
    order = {b.article_id: i for i, b in enumerate(briefs)}
    return sorted(
        events,
        key=lambda e: (*_date_key(e.date, year_of.get(e.article_id, default)), order[e.article_id], e.paragraph),
    )


def _date_key(date: str, default_year: str) -> tuple[str, int, int]:
    year, _, rest = date.partition("-") if not date.startswith("--") else (default_year, "", date[2:])
    parts = [int(p) for p in rest.split("-") if p] + [0, 0]
    return (year or default_year, parts[0], parts[1])


def speakers(briefs: list[ArticleBrief]) -> list[Speaker]:
    """Quotes and attributed figures grouped by speaker across articles (`same_speaker`), busiest first.

    Names are grouped longest first, and a name joins a group only when it matches every name already in
    it: "Ukraine" ~ "South Korea and Ukraine" must not pull in everything either of them matches.
    """
    claims: dict[str, list[Claim]] = {}
    for b in briefs:
        for q in b.quotes:
            if q.speaker:
                claims.setdefault(q.speaker.strip(), []).append(
                    Claim(kind="quote", text=q.text, article_id=b.article_id, paragraph=q.paragraph)
                )
        for f in b.figures:
            if f.attributed_to and f.kind != "designation":
                claims.setdefault(f.attributed_to.strip(), []).append(
                    Claim(kind="figure", text=f.quote, article_id=b.article_id, paragraph=f.paragraph)
                )
    groups: list[list[str]] = []
    for name in sorted(claims, key=lambda n: (-len(n), n)):
        group = next((g for g in groups if all(_same_source(name, other) for other in g)), None)
        if group is None:
            groups.append([name])
        else:
            group.append(name)
    out = []
    for names in groups:
        unique: list[Claim] = []
        for c in (c for n in names for c in claims[n]):
            if c not in unique:  # "October 27 and 28" is two figures with one quote
                unique.append(c)
        unique.sort(key=lambda c: ([b.article_id for b in briefs].index(c.article_id), c.paragraph))
        out.append(Speaker(name=names[0], aliases=sorted(set(names[1:]), key=names.index), claims=unique))
    return sorted(out, key=lambda s: (-len({c.article_id for c in s.claims}), -len(s.claims), s.name))


def _same_source(a: str, b: str) -> bool:
    """`same_speaker`, except that a joint source ("South Korea and Ukraine") is not one of its members."""
    joint = re.compile(r"\s(?:and|&)\s")
    return bool(joint.search(a)) == bool(joint.search(b)) and same_speaker(a, b)


def _text(sentence: str, quote: str) -> str:
    """The sentence without a dateline before it, unless the dated words are in the dateline."""
    text = lead_text(sentence)
    return text if quote in text else sentence
