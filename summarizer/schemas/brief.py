"""The records the tool produces: what a caller of the Python API or a reader of the JSON may rely on.

Every number in an `ArticleBrief` comes from code that read the article (`Figure`), never from a model.
Fields a model may write carry an `origin`: "model" when the model wrote them and they passed the checks
against the article, "fallback" when code drew them from the article text instead.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Origin = Literal["model", "fallback"]

FigureKind = Literal[
    "count",  # 5,000 troops; three senior officers; 1.2 million soldiers
    "vague",  # several thousand; thousands of metric tons (value is None, the words are kept)
    "percent",  # 40%, 40 percent
    "money",  # $2 billion
    "measure",  # 400 square miles, 4,000-mile, 1,000 square kilometers
    "ratio",  # one interpreter ... for every 30
    "date",  # October 23; November 1, 2024; early August
    "time",  # 14:30
    "year",  # 2022, the 1950s
    "ordinal",  # first, 11th (when not a designation)
    "designation",  # Il-76, 11th Guards: names, not quantities
]


class Span(BaseModel):
    """Character offsets into `Article.text`: `text[start:end]` is the verbatim quote."""

    model_config = ConfigDict(frozen=True)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Figure(BaseModel):
    """A numeric mention found by code. `quote == article.text[span.start:span.end]` always holds."""

    id: str  # "F1", "F2", ... in order of appearance; the model refers to figures by this id
    kind: FigureKind
    text: str  # the number expression alone, e.g. "5,000", "1.2 million", "three", "October 23"
    value: float | str | None  # numbers as float; dates "YYYY-MM-DD" or "--MM-DD"; vague: None
    unit: str | None = None  # a measurement unit ("square mile", "percent", "USD") or the counted noun
    qualifier: str | None = None  # the hedge in front: "as many as", "nearly", "about", "at least", "up to"
    quote: str  # verbatim: qualifier + number + unit/noun, e.g. "as many as 5,000 North Korean troops"
    span: Span
    paragraph: int  # 1-based index into Article.paragraphs
    sentence: str  # the verbatim sentence that holds the figure
    what: str | None = None  # what it counts, e.g. "North Korean troops expected in Kursk by Monday"
    what_origin: Origin = "fallback"
    attributed_to: str | None = None  # whose figure it is, as named in the article; None when unstated
    attributed_to_origin: Origin = "fallback"


class Text(BaseModel):
    value: str
    origin: Origin


class KeyPoint(BaseModel):
    text: str
    paragraphs: list[int]  # 1-based paragraph indices it rests on
    origin: Origin


class Entity(BaseModel):
    name: str  # as spelled in the article
    type: Literal["person", "organization", "place"]
    origin: Origin


class Quote(BaseModel):
    text: str  # verbatim from the article
    speaker: str | None  # as named in the article
    paragraph: int
    span: Span
    origin: Origin


class Dropped(BaseModel):
    """A paragraph ingest left out of the brief, and why."""

    paragraph: int
    reason: str  # e.g. "donation appeal", "address block", "most commented"
    text: str


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0  # model calls made, failed ones and re-asks included; 0 when served from cache
    failed_attempts: int = 0
    cached: bool = False
    # USD for the tokens above at the model's list price (genai-prices); None when the price of a model
    # that was called is unknown. A cached answer costs nothing.
    cost_usd: float | None = 0.0

    @classmethod
    def total(cls, usages: list[Usage]) -> Usage:
        """Several calls' usage added up; cached only when every one of them was; the cost is unknown
        when any call's was."""
        unknown = any(u.cost_usd is None for u in usages)
        return cls(
            prompt_tokens=sum(u.prompt_tokens for u in usages),
            completion_tokens=sum(u.completion_tokens for u in usages),
            attempts=sum(u.attempts for u in usages),
            failed_attempts=sum(u.failed_attempts for u in usages),
            cached=bool(usages) and all(u.cached for u in usages),
            cost_usd=None if unknown else sum(u.cost_usd or 0.0 for u in usages),
        )


class ArticleBrief(BaseModel):
    article_id: str
    source: str  # the path or URL it was read from, or "<text>"
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # "YYYY-MM-DD" from the page's or PDF's metadata (or its feed entry)
    model: str  # the model that wrote the model-written fields, e.g. "SmolLM2-135M-Instruct (embedded)"
    prompt_version: str
    headline: Text
    summary: Text
    key_points: list[KeyPoint]
    figures: list[Figure]
    entities: list[Entity]
    quotes: list[Quote]
    dropped: list[Dropped]
    paragraphs: int  # paragraphs kept
    characters: int
    usage: Usage
    notes: list[str] = []  # what the reader should know: model input truncated, fields that fell back

    def fallbacks(self) -> list[str]:
        """Names of the model-writable fields that were drawn from the text instead."""
        names = [n for n, t in (("headline", self.headline), ("summary", self.summary)) if t.origin == "fallback"]
        names += [f"key_points[{i}]" for i, k in enumerate(self.key_points) if k.origin == "fallback"]
        names += [f"{f.id}.what" for f in self.figures if f.what and f.what_origin == "fallback"]
        return names
