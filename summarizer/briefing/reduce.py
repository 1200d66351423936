"""The model's part of the reduce step: an executive summary and key developments over article digests,
and names for ledger groups. Works on structured records, never raw article text, so it scales: digests
that do not fit one call are summarised in groups, and the group summaries are reduced in turn. For N
articles and k digests per call that is about N/k + N/k² + ... + 1 < N/(k-1) + 1 calls: linear in N."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.brief.claims import Passage, sentences
from summarizer.briefing.ledger_review import LedgerReview, review_rows
from summarizer.briefing.reduce_draft import CorpusDraft, GroupNames, Scope, corpus_problems, name_problems
from summarizer.errors import ConfigError, ModelError
from summarizer.extract.text import content_words, numbers_in
from summarizer.model.calls import CallResult
from summarizer.model.llm import LLM
from summarizer.model.prompts import load_template, prompt_dirs
from summarizer.schemas import ArticleBrief, LedgerGroup, Usage

_CHARS_PER_TOKEN = 3.2
_OVERHEAD_TOKENS = 1200
_DIGEST_CHARS = 700
_FIGURE_LINES = 40
_NAMES_PER_CALL = 25
CALL_FAILED = "the model call failed"  # how a reduce call that got no answer starts its problem line


@dataclass
class Digest:
    id: str  # "A3" for an article, "G2" for a group summary
    text: str
    outlet: str | None
    articles: set[str]  # the article aliases it covers


@dataclass
class ReduceOutcome:
    draft: CorpusDraft | None  # None when the final call gave nothing usable
    problems: list[str]
    usage: Usage
    levels: int


def digest(alias: str, brief: ArticleBrief) -> Digest:
    points = "; ".join(k.text for k in brief.key_points[:4])
    text = f"{brief.headline.value}. {brief.summary.value} Key points: {points}"
    return Digest(alias, text[:_DIGEST_CHARS], brief.outlet, {alias})


def figure_lines(groups: list[LedgerGroup], alias_of: dict[str, str]) -> list[str]:
    lines = []
    for g in groups:
        for v in g.values:
            who = f", according to {v.attributed_to}" if v.attributed_to else ""
            lines.append(f"{v.quote}{who} [{alias_of.get(v.article_id, v.article_id)}] ({g.quantity})")
    return lines[:_FIGURE_LINES]


class Reducer:
    def __init__(self, llm: LLM) -> None:
        self.llm = llm
        self.summary_template = load_template("corpus_summary", *prompt_dirs(llm.settings))
        self.names_template = load_template("ledger_names", *prompt_dirs(llm.settings))
        # a capable model reviews the ledger (merges, splits, names); the embedded one only names groups
        self.review_template = (
            None if llm.settings.embedded else load_template("ledger_review", *prompt_dirs(llm.settings))
        )
        settings = llm.settings
        self.budget = int(
            (settings.resolved_context_window - settings.max_tokens - _OVERHEAD_TOKENS) * _CHARS_PER_TOKEN
        )

    @property
    def prompt_versions(self) -> list[str]:
        review = [self.review_template.fingerprint] if self.review_template else []
        return [self.summary_template.fingerprint, self.names_template.fingerprint, *review]

    async def summarize(
        self, digests: list[Digest], figures: list[str], numbers: set[float], passages: dict[str, list[Passage]]
    ) -> ReduceOutcome:
        """`passages` maps each article alias to its kept paragraphs, for the claim checks."""
        usage, levels = Usage(), 0
        figure_chars = sum(len(f) + 4 for f in figures)
        while True:
            levels += 1
            chunks = self._chunks(digests, self.budget - figure_chars)
            results = []
            for chunk in chunks:
                draft, problems, u = await self._summarize_chunk(chunk, figures, numbers, passages)
                usage = Usage.total([usage, u])
                results.append((chunk, draft, problems))
            if len(chunks) == 1:
                _, draft, problems = results[0]
                return ReduceOutcome(draft, problems, usage, levels)
            digests = [
                Digest(
                    f"G{i + 1}",
                    (d.executive_summary if d else " ".join(x.text[:200] for x in chunk))[:_DIGEST_CHARS],
                    None,
                    set().union(*(x.articles for x in chunk)),
                )
                for i, (chunk, d, _) in enumerate(results)
            ]

    async def _summarize_chunk(
        self, chunk: list[Digest], figures: list[str], numbers: set[float], passages: dict[str, list[Passage]]
    ) -> tuple[CorpusDraft | None, list[str], Usage]:
        scope = Scope(
            ids={d.id for d in chunk},
            vocabulary=set().union(*(content_words(d.text) for d in chunk), *(content_words(f) for f in figures)),
            numbers=numbers | set().union(*(numbers_in(d.text) for d in chunk)),
            words_by_id={d.id: content_words(d.text) for d in chunk},
            passages_by_id={d.id: [p for a in sorted(d.articles) for p in passages.get(a, [])] for d in chunk},
        )
        messages = self.summary_template.render(digests=chunk, figures=figures)
        result = await self._ask(messages, CorpusDraft, {"scope": scope}, self.summary_template.fingerprint)
        draft = CorpusDraft.model_validate(result.data) if result.data is not None else None
        problems = (
            [p.message for p in corpus_problems(draft, scope)] if draft else result.errors or ["no usable answer"]
        )
        if draft is not None:
            draft = _keep_valid(draft, scope, chunk)
        return draft, problems, result.usage

    def _chunks(self, digests: list[Digest], budget: int) -> list[list[Digest]]:
        chunks: list[list[Digest]] = [[]]
        used = 0
        for d in digests:
            size = len(d.text) + 16
            if chunks[-1] and used + size > budget:
                chunks.append([])
                used = 0
            chunks[-1].append(d)
            used += size
        if len(chunks) > 1 and len(chunks) >= len(digests):
            raise ConfigError(
                f"a context window of {self.llm.settings.resolved_context_window} tokens cannot hold two article "
                "digests for the summary: raise SUMMARIZER_CONTEXT_WINDOW"
            )
        return chunks

    async def name_groups(self, groups: list[LedgerGroup]) -> tuple[dict[str, str], Usage]:
        """Model-written names for groups, only those whose words come from the group's own quotes."""
        names: dict[str, str] = {}
        usage = Usage()
        groups = [g for g in groups if len(g.values) >= 2]  # a single value is named well by its own words
        for start in range(0, len(groups), _NAMES_PER_CALL):
            batch = groups[start : start + _NAMES_PER_CALL]
            words = {g.id: set().union(*(content_words(v.quote + " " + v.sentence) for v in g.values)) for g in batch}
            rows = [
                {
                    "id": g.id,
                    "unit": g.unit,
                    "actor": g.actor,
                    # the embedded model's small window: four members (a capable model's review shows all)
                    "quotes": " | ".join(f"“{v.quote}”" for v in g.values[:4]),
                }
                for g in batch
            ]
            result = await self._ask(
                self.names_template.render(groups=rows), GroupNames, {"groups": words}, self.names_template.fingerprint
            )
            usage = Usage.total([usage, result.usage])
            if result.data is None:
                continue
            draft = GroupNames.model_validate(result.data)
            bad = {p.field for p in name_problems(draft, words)}
            for i, n in enumerate(draft.names):
                if f"names[{i}]" not in bad:
                    names.setdefault(n.group_id.strip(), n.name.strip())
        return names, usage

    async def review_groups(
        self, groups: list[LedgerGroup], alias_of: dict[str, str]
    ) -> tuple[LedgerReview | None, Usage]:
        """A capable model's proposed merges, splits and names (`ledger_review`), unchecked: code checks them
        in `apply_review`. None with the embedded model (never asked) or when the call gave no answer."""
        if self.review_template is None or not groups:
            return None, Usage()
        messages = self.review_template.render(groups=review_rows(groups, alias_of))
        result = await self._ask(messages, LedgerReview, {}, self.review_template.fingerprint)
        return (LedgerReview.model_validate(result.data) if result.data is not None else None), result.usage

    async def _ask(self, messages: list[dict], model: type, context: dict, version: str) -> CallResult:
        """`llm.structured`, except that a call the endpoint failed (5xx, timeout, a broken answer) gives
        no answer instead of an error: the articles' briefs are done, and the briefing has a fallback for
        every part the model writes, so a failed reduce call must not lose them."""
        try:
            return await self.llm.structured(messages, model, context=context, prompt_version=version)
        except ModelError as e:
            failed = Usage(attempts=e.attempts, failed_attempts=e.attempts)
            return CallResult(None, False, [f"{CALL_FAILED}: {e}"], failed)


def _keep_valid(draft: CorpusDraft, scope: Scope, chunk: list[Digest]) -> CorpusDraft:
    """Drop the developments that failed; blank the summary if it failed (the caller falls back)."""
    problems = corpus_problems(draft, scope)
    bad = {p.field for p in problems if p.sentence is None}
    dropped = {(p.field, p.sentence) for p in problems if p.sentence is not None}
    expand = {d.id: d.articles for d in chunk}
    developments = []
    for i, d in enumerate(draft.developments):
        if f"developments[{i}]" in bad or any(f == f"developments[{i}]" for f, _ in dropped):
            continue
        covered = sorted(set().union(*(expand[a.strip()] for a in d.articles)))
        developments.append(d.model_copy(update={"articles": covered}))
    kept = [s for i, s in enumerate(sentences(draft.executive_summary)) if ("executive_summary", i) not in dropped]
    summary = "" if "executive_summary" in bad else " ".join(kept[:3])
    return CorpusDraft.model_construct(executive_summary=summary, developments=developments)
