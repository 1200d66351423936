"""The passages a sentence rests on, and what each holds: its stems, tokens, numbers and sentences,
worked out once per paragraph (kept in `Article.derived`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.brief.claims.words import TOKEN, content_stems, sentences
from summarizer.extract.number_words import scan, time_value
from summarizer.extract.quantities import parse_date
from summarizer.extract.text import normalize_text
from summarizer.read.article import Article, Paragraph

NUMBER_KINDS = {"number", "words", "money", "percent", "date", "time", "year"}


@dataclass(frozen=True)
class Passage:
    """A paragraph a sentence may rest on; `label` is how a message names it ("¶4", "A3 ¶4")."""

    article: Article
    paragraph: Paragraph
    label: str


@dataclass(frozen=True)
class Finding:
    kind: str  # number | date | quote | attribution | name | side | role | hedge | support
    message: str


@dataclass
class Facts:
    stems: set[str]
    tokens: list[tuple[str, int, int]]  # (token, start, end) in the paragraph text
    numbers: list[Num]
    sentences: list[tuple[int, int]]  # spans in the paragraph text
    text_norm: str


@dataclass(frozen=True)
class Num:
    kind: str
    value: float | str | None
    start: int
    end: int
    text: str
    unit: str | None = None  # a currency or "percent", as the scanner read it


def find_numbers(text: str) -> list[Num]:
    out = []
    for t in scan(text):
        if t.kind not in NUMBER_KINDS:
            continue
        value: float | str | None = t.value
        if t.kind == "date":
            value = parse_date(t.text)
        elif t.kind == "time":
            value = time_value(t.text)
        if value is not None:
            out.append(Num(t.kind, value, t.start, t.end, t.text, t.unit))
    return out


def facts_of(p: Passage) -> Facts:
    cache_ = p.article.derived.setdefault("claims", {})
    assert isinstance(cache_, dict)
    if (found := cache_.get(p.paragraph.index)) is None:
        text = p.paragraph.text
        spans, pos = [], 0
        for s in sentences(text):
            start = text.find(s, pos)
            spans.append((start, start + len(s)))
            pos = start + len(s)
        tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
        found = cache_[p.paragraph.index] = Facts(
            content_stems(text), tokens, find_numbers(text), spans, normalize_text(text)
        )
    return found


# ---- the rules ----------------------------------------------------------------------------------------------


def label_of(passages: Sequence[Passage]) -> str:
    labels = [p.label for p in passages]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def per_paragraph(p: Passage, key: str, compute: Callable[[str], Any]) -> Any:
    """`compute(paragraph text)`, worked out once per paragraph and kept in `Article.derived[key]`: a
    passage is read once, not once for every sentence checked against it."""
    found = p.article.derived.setdefault(key, {})
    assert isinstance(found, dict)
    if p.paragraph.index not in found:
        found[p.paragraph.index] = compute(p.paragraph.text)
    return found[p.paragraph.index]
