"""The corpus briefing: one document across all articles. Every statement cites article and paragraph;
every number carries its verbatim quote. Values are listed side by side, never averaged."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from summarizer.schemas.brief import ArticleBrief, Origin, Span, Usage


class Citation(BaseModel):
    article_id: str
    paragraph: int


class LedgerValue(BaseModel):
    """One article's value for a quantity, exactly as that article states it."""

    article_id: str
    outlet: str | None = None
    figure_id: str  # the id in that article's brief
    value: float | str | None  # as stated (vague figures: None)
    unit: str | None
    normalized_value: float | str | None  # in `LedgerGroup.unit` (e.g. 400 square miles -> 1035.99 km²)
    text: str  # the number as written: "5,000", "several thousand"
    qualifier: str | None
    attributed_to: str | None
    actor: str | None  # whose troops/territory the number is about, e.g. "North Korean", "Russian"
    what: str | None
    quote: str  # verbatim from the article
    span: Span
    paragraph: int
    sentence: str
    claim_date: str | None = None  # a date stated in the same sentence, when there is one


class LedgerGroup(BaseModel):
    """One quantity the corpus reports, with every value found for it."""

    id: str  # "Q1", "Q2", ...
    quantity: str  # e.g. "North Korean troops", "territory held in Kursk (area)"
    quantity_origin: Origin
    unit: str | None  # the canonical unit all normalized values are in
    actor: str | None
    values: list[LedgerValue]
    clusters: list[list[int]]  # indices into values that agree with each other within tolerance
    disagreement: bool
    note: str | None = None  # why it is (or is not) a disagreement, in words
    # What the values measure, as read from their words (`briefing.measure`); added fields, old readers
    # ignore them. `sequence`: a running total (a toll) reported at different times: updates, not a conflict.
    measure: str | None = None  # "deaths", "revenue", "vote-share"; None when no word says
    scope: list[str] = []  # "estimate", "forecast", "earlier", "partial", ...
    period: str | None = None  # a year other than the story's: "1960"
    names: list[str] = []  # what the values are about: "Al Haouz", "Democratic Alliance"
    sequence: bool = False


class Disagreement(BaseModel):
    kind: Literal["values", "attribution"]  # different numbers; or the same number given to different sides
    quantity: str
    group_ids: list[str]
    values: list[LedgerValue]
    note: str


class Agreement(BaseModel):
    """A value, or a fact, that two or more articles report."""

    statement: str
    value: float | str | None = None
    unit: str | None = None
    articles: list[str]
    count: int
    citations: list[Citation]
    quotes: list[str] = []


class Development(BaseModel):
    text: str
    origin: Origin
    articles: list[str]
    citations: list[Citation]


class TimelineEvent(BaseModel):
    date: str  # "YYYY-MM-DD", "--MM-DD" (no year stated), "YYYY-MM" or "--MM"
    text: str  # the verbatim sentence that dates the event; for "published": the article's title or headline
    quote: str  # the date as written; for "published": as the metadata gives it
    article_id: str
    paragraph: int  # 0 for "published": the date is the article's, not a paragraph's
    kind: Literal["event", "published"] = "event"  # published: the article itself, on its published date


class Claim(BaseModel):
    kind: Literal["quote", "figure"]
    text: str  # verbatim quote, or the figure's quote
    article_id: str
    paragraph: int


class Speaker(BaseModel):
    name: str  # the fullest form any article uses
    aliases: list[str]
    claims: list[Claim]


class SourceInfo(BaseModel):
    article_id: str
    source: str  # the path or URL the article was read from
    title: str | None
    outlet: str | None
    published: str | None = None  # "YYYY-MM-DD", when the page's or PDF's metadata gives it
    headline: str
    characters: int
    paragraphs: int
    figures: int
    dropped: list[str]  # "¶7 link list heading: Most Commented"


class CorpusBriefing(BaseModel):
    title: str
    model: str
    prompt_versions: list[str]
    executive_summary: str
    executive_summary_origin: Origin
    executive_summary_citations: list[Citation]
    developments: list[Development]
    ledger: list[LedgerGroup]
    disagreements: list[Disagreement]
    agreements: list[Agreement]
    timeline: list[TimelineEvent]
    speakers: list[Speaker]
    sources: list[SourceInfo]
    failed: list[str] = []  # articles that could not be briefed, with the reason
    usage: Usage
    model_calls: int  # map and reduce calls made for this briefing (cached ones not counted)
    notes: list[str] = []
    briefs: list[ArticleBrief] = []  # the per-article briefs the briefing was reduced from (the map step)
