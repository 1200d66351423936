"""The entailment judge: one extra structured call per brief, made only with a capable model.

Lexical checks cannot see a swapped role that reuses the article's own words ("Peskov criticised Kirby"
for "Kirby criticised Peskov"). A capable model can. For every model-written sentence that passed the
lexical checks, the judge says whether the paragraphs it rests on support it, and quotes the words that
do. The quote is checked by code: a verdict of "supported" whose evidence is not verbatim in those
paragraphs is void (the sentence stands on the lexical checks alone, and the notes say so); a verdict of
"not supported" drops the sentence, marked in the notes. Its tokens count in the brief's usage; it is
cached like every call.

Never the embedded model: a 135M model's verdicts would be noise (`Settings.judge_enabled`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, Field

from summarizer.brief.assemble import fallback_headline, fallback_key_points, fallback_summary
from summarizer.brief.claims import Passage, sentences
from summarizer.brief.draft import best_passages
from summarizer.extract.text import normalize_text
from summarizer.model.llm import LLM
from summarizer.model.prompts import PromptTemplate, load_template, prompt_dirs
from summarizer.read.article import Article
from summarizer.schemas import ArticleBrief, Text, Usage

_BEST = 3


class Verdict(BaseModel):
    sentence_id: str = Field(max_length=4, pattern=r"^S[0-9]{1,3}$", description="e.g. S2")
    supported: bool = Field(description="the paragraphs say what it says")
    evidence: str = Field(default="", max_length=400, description="the supporting words, copied exactly")


class Verdicts(BaseModel):
    """A verdict for each sentence."""

    # for `--estimate`: ~45 tokens a verdict with its evidence, 7 sentences a brief (bench/RESULTS.md, judge)
    typical_tokens: ClassVar[int] = 315

    verdicts: list[Verdict] = Field(max_length=40)


@dataclass
class _Item:
    id: str
    field: str  # "headline", "summary", "key_points[2]"
    sentence: str
    passages: list[Passage]


class Judge:
    def __init__(self, llm: LLM, template: PromptTemplate | None = None) -> None:
        self.llm = llm
        self.template = template or load_template("judge", *prompt_dirs(llm.settings))

    async def review(self, brief: ArticleBrief, article: Article) -> ArticleBrief:
        """The brief with every model sentence the judge finds unsupported dropped (or its field replaced
        from the text), the verdicts' tally in the notes and the call's tokens in the usage."""
        items = _items(brief, article)
        if not items:
            return brief
        # each paragraph once, in article order; each sentence names the ones it rests on
        shown = sorted(
            {p.paragraph.index: p for i in items for p in i.passages}.values(), key=lambda p: p.paragraph.index
        )
        paragraphs = [{"label": p.label, "text": p.paragraph.text} for p in shown]
        rows = [{"id": i.id, "sentence": i.sentence, "labels": ", ".join(p.label for p in i.passages)} for i in items]
        messages = self.template.render(items=rows, paragraphs=paragraphs)
        result = await self.llm.structured(messages, Verdicts, context={}, prompt_version=self.template.fingerprint)
        usage = Usage.total([brief.usage, result.usage])
        if result.data is None:
            note = "the judge gave no usable answer: sentences stand on the lexical checks"
            return brief.model_copy(update={"usage": usage, "notes": [*brief.notes, note]})
        verdicts = {v.sentence_id: v for v in Verdicts.model_validate(result.data).verdicts}
        return apply(brief, article, items, verdicts, usage, self.llm.label)


def _items(brief: ArticleBrief, article: Article) -> list[_Item]:
    items: list[_Item] = []

    def add(field: str, sentence: str, passages: list[Passage]) -> None:
        items.append(_Item(f"S{len(items) + 1}", field, sentence, passages))

    if brief.headline.origin == "model":
        add("headline", brief.headline.value, best_passages(article, brief.headline.value, _BEST))
    if brief.summary.origin == "model":
        for s in sentences(brief.summary.value):
            add("summary", s, best_passages(article, s, _BEST))
    for i, k in enumerate(brief.key_points):
        if k.origin == "model":
            cited = [Passage(article, article.paragraph(n), f"¶{n}") for n in k.paragraphs]
            for s in sentences(k.text):
                add(f"key_points[{i}]", s, cited)
    return items


def apply(
    brief: ArticleBrief,
    article: Article,
    items: list[_Item],
    verdicts: dict[str, Verdict],
    usage: Usage,
    judge: str,
) -> ArticleBrief:
    dropped: set[str] = set()
    void = unsupported = 0
    notes = list(brief.notes)
    for item in items:
        v = verdicts.get(item.id)
        if v is None:
            void += 1
        elif not v.supported:
            unsupported += 1
            dropped.add(item.id)
            notes.append(f"the judge found no support for {item.field} “{item.sentence}”: dropped")
        elif not _verbatim(v.evidence, item.passages):
            void += 1
            notes.append(f"the judge's evidence for {item.field} is not in its paragraphs: verdict void")
    notes.append(
        f"judge ({judge}): {len(items)} sentences checked, {unsupported} unsupported, {void} verdicts void or missing"
    )
    keep = {i.id for i in items} - dropped
    by_field: dict[str, list[str]] = {}
    for item in items:
        if item.id in keep:
            by_field.setdefault(item.field, []).append(item.sentence)
    update: dict[str, object] = {"usage": usage, "notes": notes}
    if brief.headline.origin == "model" and "headline" not in by_field:
        update["headline"] = Text(value=fallback_headline(article), origin="fallback")
    if brief.summary.origin == "model":
        kept = by_field.get("summary")
        update["summary"] = (
            Text(value=" ".join(kept), origin="model")
            if kept
            else Text(value=fallback_summary(article), origin="fallback")
        )
    points = []
    for i, k in enumerate(brief.key_points):
        if k.origin != "model":
            points.append(k)
        elif kept := by_field.get(f"key_points[{i}]"):
            points.append(k.model_copy(update={"text": " ".join(kept)}))
    if len(points) < len(brief.key_points) and len(points) < 3:
        cited = {n for k in points for n in k.paragraphs}
        points += fallback_key_points(article, brief.figures, cited)[: 3 - len(points)]
    update["key_points"] = points
    return brief.model_copy(update=update)


def _verbatim(evidence: str, passages: list[Passage]) -> bool:
    needle = normalize_text(evidence).strip(" .,;:\"'")
    return len(needle.split()) >= 2 and any(needle in normalize_text(p.paragraph.text) for p in passages)
