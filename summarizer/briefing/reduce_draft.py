"""What the model writes in the reduce step, and the checks against the corpus.

As for one article (`draft.py`): bounded fields, no string over 300 characters (llama.cpp's grammar gets
slower per token as a bound grows: 17 s at 300 and over 80 s at 800 for the same output, measured). With
a validation context the draft is checked and a failure re-asks; without it, `corpus_problems` says which
fields to replace from the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.brief.claims import Passage, breaks_off, check_sentence, content_stems, paragraph_stems, sentences
from summarizer.brief.draft import Problem
from summarizer.extract.text import content_words, numbers_in
from summarizer.model.validation import check_context

_MIN_GROUNDED = 0.6  # group names: share of their words drawn from the group's quotes
_PROMPT_ECHO = re.compile(r"\b(executive summary|digests?|key developments?|figures list)\b", re.I)


class DevelopmentDraft(BaseModel):
    text: str = Field(max_length=160)
    articles: list[str] = Field(min_length=1, max_length=6, description="ids of the digests reporting it, e.g. A1")


class CorpusDraft(BaseModel):
    """The summary of the digests."""

    # for `--estimate`: a 300-character summary and six developments of ~160 characters with their ids
    typical_tokens: ClassVar[int] = 400

    executive_summary: str = Field(max_length=300, description="at most three sentences")
    developments: list[DevelopmentDraft] = Field(max_length=6)

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> CorpusDraft:
        scope = check_context(info).get("scope")
        if scope is not None and (problems := corpus_problems(self, scope)):
            raise ValueError("; ".join(p.message for p in problems[:10]))
        return self


class GroupName(BaseModel):
    group_id: str = Field(max_length=4, pattern=r"^Q[0-9]{1,3}$")
    name: str = Field(max_length=50)


class GroupNames(BaseModel):
    """A name for each group."""

    # for `--estimate`: ~15 tokens a name with its id, for a call's ten or so groups
    typical_tokens: ClassVar[int] = 150

    names: list[GroupName] = Field(max_length=25)

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> GroupNames:
        groups = check_context(info).get("groups")
        if groups is not None and (problems := name_problems(self, groups)):
            raise ValueError("; ".join(p.message for p in problems[:10]))
        return self


@dataclass
class Scope:
    """What a reduce call may speak of: its digests' words and numbers, and their ids."""

    ids: set[str]
    vocabulary: set[str]
    numbers: set[float]
    words_by_id: dict[str, set[str]] = field(default_factory=dict)
    # the source paragraphs behind each digest id: a sentence rests on those of the digests it names, or
    # on the paragraphs across the scope that share most of its words
    passages_by_id: dict[str, list[Passage]] = field(default_factory=dict)


_BEST = 5  # paragraphs, across articles, an executive-summary sentence that names no article rests on
_ALIAS = re.compile(r"\b([AG]\d{1,4})\b")


def corpus_problems(draft: CorpusDraft, scope: Scope) -> list[Problem]:
    """Every sentence of the summary and each development, judged against the source paragraphs it rests
    on (`brief.claims`): a failing sentence is named (field and sentence index), the rest stand."""
    problems: list[Problem] = []

    def prose(name: str, text: str, cited: list[str] | None) -> None:
        if not content_words(text):
            problems.append(Problem(name, f"{name} is empty"))
            return
        if _PROMPT_ECHO.search(text):
            problems.append(Problem(name, f"{name} repeats the instructions instead of the reports"))
            return
        parts = sentences(text)
        for i, sentence in enumerate(parts):
            if i == len(parts) - 1 and breaks_off(sentence):
                problems.append(Problem(name, f"{name} sentence {i + 1}: it breaks off unfinished", i))
                continue
            named = cited if cited is not None else [a for a in _ALIAS.findall(sentence) if a in scope.passages_by_id]
            passages = [p for a in named for p in scope.passages_by_id.get(a, [])] or _best(sentence, scope)
            if findings := check_sentence(_ALIAS.sub("", sentence), passages):
                problems.append(Problem(name, f"{name} sentence {i + 1}: {findings[0].message}", i))

    prose("executive_summary", draft.executive_summary, None)
    if len(sentences(draft.executive_summary)) > 3:
        problems.append(Problem("executive_summary", "executive_summary has more than three sentences"))
    for i, d in enumerate(draft.developments):
        name = f"developments[{i}]"
        unknown = [a for a in d.articles if a.strip() not in scope.ids]
        if not d.articles or unknown:
            problems.append(Problem(name, f"{name} cites unknown digests {unknown or '(none)'}"))
            continue
        prose(name, d.text, [a.strip() for a in d.articles])
    return problems


def _best(sentence: str, scope: Scope) -> list[Passage]:
    own = content_stems(sentence)
    everything = [p for ps in scope.passages_by_id.values() for p in ps]
    return sorted(everything, key=lambda p: -len(own & paragraph_stems(p.article, p.paragraph)))[:_BEST]


def name_problems(names: GroupNames, groups: dict[str, set[str]]) -> list[Problem]:
    """`groups` maps a group id to the content words of its quotes and sentences."""
    problems: list[Problem] = []
    for i, n in enumerate(names.names):
        name = f"names[{i}]"
        words = groups.get(n.group_id.strip())
        if words is None:
            problems.append(Problem(name, f"{name}: unknown group id {n.group_id!r}"))
        elif numbers_in(n.name):
            problems.append(Problem(name, f"{name}: a name must not hold numbers"))
        elif not (own := content_words(n.name)) or sum(w in words for w in own) / len(own) < _MIN_GROUNDED:
            problems.append(Problem(name, f"{name}: {n.name!r} is not drawn from the group's quotes"))
    return problems
