"""What the model writes for one article (`BriefDraft`), and the checks of each field against the article.

Every string and list is bounded: small models repeat themselves until max_tokens otherwise, and the
llama.cpp grammar honours the bounds. When a validation context with the article is given (instructor's
`context=`), the draft is checked and any problem triggers a re-ask naming it; without a context the
draft is only parsed, so the caller can keep the fields that pass and replace the rest (`find_problems`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.brief.claims import Passage, breaks_off, check_sentence, content_stems, paragraph_stems, sentences
from summarizer.brief.marks import unmarked
from summarizer.extract.text import content_words, normalize_text, numbers_in
from summarizer.model.validation import check_context
from summarizer.read.article import Article
from summarizer.schemas import Figure


# No field carries a description: the system message says what each holds (`prompts/article_brief.yaml`),
# and only a provider's tool schema would carry it twice, at a price (the embedded model's grammar drops it).
class FigureNote(BaseModel):
    figure_id: str = Field(max_length=5, pattern=r"^F[0-9]{1,3}$")  # as marked in the paragraph: 5,000[F9]
    what: str = Field(max_length=60)  # what it counts, in the article's words
    attributed_to: str | None = Field(default=None, max_length=60)  # as the article names them; None: unstated


class KeyPointDraft(BaseModel):
    text: str = Field(max_length=160)
    paragraphs: list[Annotated[int, Field(ge=1, le=999)]] = Field(min_length=1, max_length=3)


class EntityDraft(BaseModel):
    name: str = Field(max_length=50)
    type: Literal["person", "organization", "place"]


class QuoteDraft(BaseModel):
    quote: str = Field(max_length=200)  # word for word
    speaker: str = Field(max_length=50)  # as the article names them


class BriefDraft(BaseModel):
    """A brief."""  # the tool's description: the system message says the rest

    # completion tokens of a capable model's whole answer, for `--estimate`: the hand-written answers of
    # evals/answers are 569-759 tokens (characters / 4), median 678
    typical_tokens: ClassVar[int] = 680

    headline: str = Field(max_length=100)
    summary: str = Field(max_length=300)  # at most two sentences
    key_points: list[KeyPointDraft] = Field(max_length=4)
    figures: list[FigureNote] = Field(max_length=8)
    entities: list[EntityDraft] = Field(max_length=8)
    quotes: list[QuoteDraft] = Field(max_length=3)

    @model_validator(mode="before")
    @classmethod
    def _without_marks(cls, data: Any) -> Any:
        """A mark copied from the prompt ("5,000[F9]") is taken out of whatever the model wrote."""
        return _unmark(data)

    @model_validator(mode="after")
    def _check_against_article(self, info: ValidationInfo) -> BriefDraft:
        context = check_context(info)
        if "article" not in context:
            return self
        problems = find_problems(self, context["article"], context["figures"])
        if problems:
            raise ValueError("; ".join(p.message for p in problems[:12]))
        return self


def _unmark(data: Any) -> Any:
    if isinstance(data, str):
        return unmarked(data)
    if isinstance(data, list):
        return [_unmark(d) for d in data]
    if isinstance(data, dict):  # a figure_id given as marked ("[F9]") is the id
        return {k: v.strip("[] ") if k == "figure_id" and isinstance(v, str) else _unmark(v) for k, v in data.items()}
    return data


def draft_limits() -> dict[str, int]:
    """How many of each list the schema takes, for the prompt to ask for the same (`max_length`)."""
    fields = BriefDraft.model_fields
    return {
        name: next(m.max_length for m in fields[name].metadata if hasattr(m, "max_length"))
        for name in ("key_points", "figures", "entities", "quotes")
    }


@dataclass(frozen=True)
class Problem:
    field: str  # "headline", "summary", "key_points[2]", "figures[0]", "quotes[1]", "entities[3]"
    message: str
    sentence: int | None = None  # which sentence of a prose field fails; None: the whole field


_PROMPT_ECHO = re.compile(
    r"\b(headline|summary|key[ _]points?|the article|figure[ _]id|paragraph numbers"
    r"|this (?:report|article|story|text))\b",
    re.I,
)
_BEST = 4  # paragraphs a headline or summary sentence may rest on: those that hold most of its words


def find_problems(draft: BriefDraft, article: Article, figures: list[Figure]) -> list[Problem]:
    """Every way the draft departs from the article; empty when all of it can be shown to the reader.
    Prose is judged sentence by sentence against the paragraphs it rests on (`brief.claims`)."""
    problems: list[Problem] = []
    kept = {p.index: p for p in article.kept}
    ids = {f.id: f for f in figures}

    def prose(field: str, text: str, cited: list[int] | None, whole: bool = False) -> None:
        if not text.strip():
            problems.append(Problem(field, f"{field} is empty"))
            return
        if _PROMPT_ECHO.search(text):
            problems.append(Problem(field, f"{field} repeats the instructions instead of the article"))
            return
        parts = [text.strip()] if whole else sentences(text)
        for i, sentence in enumerate(parts):
            if not whole and i == len(parts) - 1 and breaks_off(sentence):
                problems.append(
                    Problem(field, f"{field} sentence {i + 1} (“{_clip(sentence)}”) breaks off unfinished", i)
                )
                continue
            if not whole and sentence.strip().endswith("?"):  # a headline may ask; a summary or point states
                problems.append(Problem(field, f"{field} sentence {i + 1} (“{_clip(sentence)}”) asks, not states", i))
                continue
            passages = _passages(article, cited) if cited is not None else best_passages(article, sentence, _BEST)
            if findings := check_sentence(sentence, passages):
                where = field if whole else f"{field} sentence {i + 1}"
                problems.append(Problem(field, f"{where} (“{_clip(sentence)}”): {findings[0].message}", i))

    prose("headline", draft.headline, None, whole=True)
    prose("summary", draft.summary, None)
    if len(sentences(draft.summary)) > 2:
        problems.append(Problem("summary", "summary has more than two sentences"))
    for i, point in enumerate(draft.key_points):
        bad = [n for n in point.paragraphs if n not in kept]
        if not point.paragraphs or bad:
            problems.append(Problem(f"key_points[{i}]", f"key_points[{i}] cites paragraphs that do not exist: {bad}"))
        else:
            prose(f"key_points[{i}]", point.text, point.paragraphs)
    for i, note in enumerate(draft.figures):
        field = f"figures[{i}]"
        figure = ids.get(note.figure_id.strip())
        if figure is None:
            problems.append(Problem(field, f"{field}: unknown figure id {note.figure_id!r}"))
            continue
        paragraph = article.paragraph(figure.paragraph)
        if numbers_in(note.what) - numbers_in(figure.sentence):
            problems.append(Problem(field, f"{field}: 'what' has numbers not in the figure's sentence"))
        elif _grounded_share(note.what, content_words(paragraph.text)) < 0.5:
            problems.append(Problem(field, f"{field}: 'what' does not describe {figure.id} in its paragraph"))
    # against the kept paragraphs only: a dropped one (boilerplate, or text that addresses a model) is not
    # the article, and its words are no support for a name or a quote
    kept_text = "\n".join(p.text for p in article.kept)
    for i, quote in enumerate(draft.quotes):
        field = f"quotes[{i}]"
        if len(quote.quote.split()) < 3 or normalize_text(quote.quote) not in normalize_text(kept_text):
            problems.append(Problem(field, f"{field} is not copied word for word from the article"))
        elif not in_paragraph(kept_text, quote.speaker):
            problems.append(Problem(field, f"{field}: speaker {quote.speaker!r} is not named in the article"))
    for i, entity in enumerate(draft.entities):
        if not in_paragraph(kept_text, entity.name):
            problems.append(Problem(f"entities[{i}]", f"entities[{i}]: {entity.name!r} is not in the article"))
    return problems


def _passages(article: Article, indices: list[int]) -> list[Passage]:
    return [Passage(article, article.paragraph(n), f"¶{n}") for n in sorted(set(indices))]


def best_passages(article: Article, sentence: str, k: int) -> list[Passage]:
    """Up to `k` kept paragraphs that together hold most of the sentence's content words, chosen greedily
    (each adds the most words not yet held), in article order: a summary sentence may join paragraphs."""
    own, held, chosen = content_stems(sentence), set(), []
    for _ in range(k):
        best = max(article.kept, key=lambda p: (len((own - held) & paragraph_stems(article, p)), -p.index))
        gain = (own - held) & paragraph_stems(article, best)
        if not gain and chosen:
            break
        chosen.append(best.index)
        held |= gain
    return _passages(article, chosen)


def in_paragraph(text: str, name: str) -> bool:
    needle = normalize_text(name)
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalize_text(text)) is not None


def _clip(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def _grounded_share(text: str, vocabulary: set[str]) -> float:
    words = content_words(text)
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0
