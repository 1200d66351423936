"""The bill before a run (`summarizer brief|summarize ... --estimate`): the calls and tokens the run would
make, and what they cost at list price, with no model called.

The pipeline itself runs, on a `Meter` instead of a model (`model/meter.py`): the same messages, the same
cache keys (a cached call is free), the same reduce calls over the briefs. Where a model's answer would
decide what comes next, the estimate assumes a capable model's typical answer: the judge gets one call per
brief whose draft call is not cached (on the article's own lead sentences, as many as a brief holds), and
the corpus calls are made on the briefs drawn from the article. Re-asks are not known in advance: none are
counted, and the most they could add is shown beside.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from summarizer.brief.judge import Judge
from summarizer.brief.pipeline import ArticlePipeline
from summarizer.briefing.build import model_part
from summarizer.briefing.ledger import build_ledger
from summarizer.briefing.reduce import Reducer
from summarizer.extract.analysis import Analysis
from summarizer.model.cache import Cache
from summarizer.model.meter import Meter, Metered
from summarizer.model.prices import Price, dollars, price_of
from summarizer.model.settings import Settings
from summarizer.model.tokens import counter
from summarizer.schemas import ArticleBrief

# Priced models shown beside the configured one, cheapest first: what a user weighs a run against.
REFERENCE_MODELS = ("gpt-4o-mini", "gpt-4.1-mini", "gpt-4o")
_KINDS = {
    "BriefDraft": "brief",
    "Verdicts": "judge",
    "GroupNames": "ledger names",
    "LedgerReview": "ledger review",
    "CorpusDraft": "summary",
}
_REASK_EXTRA = 60  # tokens a re-ask adds besides the prompt and the failed answer: the errors, named


@dataclass
class Bill:
    """What one model would be asked for a run."""

    model: str  # as named in the output: "SmolLM2-135M-Instruct (embedded)", "gpt-4o-mini"
    calls: list[Metered]
    tokenizer: str
    reasks: int
    price: Price | None
    local: bool  # the embedded model: no charge

    @property
    def sent(self) -> list[Metered]:
        return [c for c in self.calls if not c.cached]

    @property
    def prompt_tokens(self) -> int:
        return sum(c.prompt_tokens for c in self.sent)

    @property
    def completion_tokens(self) -> int:
        return sum(c.completion_tokens for c in self.sent)

    @property
    def cost(self) -> float | None:
        if self.local:
            return 0.0
        return self.price.cost(self.prompt_tokens, self.completion_tokens) if self.price else None

    def worst(self) -> tuple[int, int, float | None]:
        """Calls, tokens and cost if every call used all its re-asks (each resends the prompt, the failed
        answer and the errors)."""
        r = self.reasks
        calls = len(self.sent) * (1 + r)
        prompt = self.prompt_tokens * (1 + r) + r * (self.completion_tokens + _REASK_EXTRA * len(self.sent))
        completion = self.completion_tokens * (1 + r)
        cost = 0.0 if self.local else (self.price.cost(prompt, completion) if self.price else None)
        return calls, prompt + completion, cost

    def kinds(self) -> str:
        counts = Counter(_KINDS.get(c.schema, c.schema) for c in self.sent)
        return ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "none"

    def row(self) -> tuple[str, ...]:
        cached = len(self.calls) - len(self.sent)
        tokens = (f"{self.prompt_tokens:,}", f"{self.completion_tokens:,}")
        return (self.model, str(len(self.sent)), str(cached), *tokens, self.cost_text())

    def cost_text(self) -> str:
        if self.local:
            return "no charge (runs here)"
        if self.price is None:
            return f"price unknown: {self.model} is not in genai-prices"
        return dollars(self.cost)


def estimate(analyses: list[Analysis], settings: Settings, cache: Cache, corpus: bool) -> Bill:
    """The bill of `summarize` (corpus False) or `brief` (True) of these articles with these settings."""
    if not settings.embedded and settings.base_url is None and settings.api_key is None:
        settings = settings.with_overrides(api_key="-")  # nothing is sent: the bill needs no key
    meter = Meter(settings, cache, counter(settings.embedded))
    # another judge model's calls are counted here too, at the configured model's price (a simplification)
    judge_meter = Meter(settings.judge_settings(), cache, counter(False)) if settings.judge_model else meter
    pipeline = ArticlePipeline(meter, judge=Judge(judge_meter) if settings.judge_enabled else None)
    asyncio.run(_run(analyses, pipeline, meter, corpus))
    calls = meter.calls + (judge_meter.calls if judge_meter is not meter else [])
    model = meter.label if settings.embedded else (settings.model or "")
    price = None if settings.embedded else price_of(model, settings.base_url)
    return Bill(model, calls, meter.counter.name, settings.reasks or 0, price, settings.embedded)


async def _run(analyses: list[Analysis], pipeline: ArticlePipeline, meter: Meter, corpus: bool) -> None:
    briefs: list[ArticleBrief] = []
    for analysis in analyses:
        first = len(meter.calls)
        brief = await pipeline.brief(analysis)
        if pipeline.judge and not meter.calls[first].cached:
            # the draft was not called, so the brief is drawn from the article: judge it as if a model wrote it
            await pipeline.judge.review(_as_written(brief), analysis.article)
        briefs.append(brief)
    if corpus and briefs:
        articles = {a.article.id: a.article for a in analyses}
        groups, _, _ = build_ledger(briefs)
        await model_part(briefs, articles, Reducer(meter), groups)
    await meter.aclose()


def _as_written(brief: ArticleBrief) -> ArticleBrief:
    """The brief with its headline, summary and key points marked as a model's: what the judge checks."""
    return brief.model_copy(
        update={
            "headline": brief.headline.model_copy(update={"origin": "model"}),
            "summary": brief.summary.model_copy(update={"origin": "model"}),
            "key_points": [k.model_copy(update={"origin": "model"}) for k in brief.key_points],
        }
    )


def bills(analyses: list[Analysis], settings: Settings, cache: Cache, corpus: bool) -> list[Bill]:
    """The configured model's bill, then the reference models' (one capable-model run, priced each)."""
    references = [m for m in REFERENCE_MODELS if m != settings.model]
    # The embedded model's tokenizer and the price database load (~0.3 s, the tokenizer's mostly in C
    # without the GIL) while the capable model's calls are counted, which need neither.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(counter, settings.embedded)
        pool.submit(price_of, REFERENCE_MODELS[0], None)
        capable = None
        if references:
            capable_settings = settings.with_overrides(
                model=references[0], base_url=None, api_key="-", judge_model=None
            )
            capable = estimate(analyses, capable_settings, cache, corpus)
        own = estimate(analyses, settings, cache, corpus)
    rows = [own]
    for name in references:
        assert capable is not None
        rows.append(Bill(name, capable.calls, capable.tokenizer, capable.reasks, price_of(name, None), False))
    return rows


def report(bills: list[Bill], articles: int, corpus: bool) -> str:
    """The bill as the CLI prints it."""
    what = "a briefing" if corpus else "a brief each"
    lines = [f"Estimate for {articles} article{'s' if articles != 1 else ''} ({what}); no model was called.", ""]
    header = ("model", "calls", "cached", "prompt tokens", "completion tokens", "cost")
    rows = [b.row() for b in bills]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:5], widths[1:5], strict=True)]
        lines.append("  ".join([*cells, row[5]]).rstrip())
    lines.append("")
    lines.append(f"{bills[0].model}: {bills[0].kinds()}; tokens by {bills[0].tokenizer}.")
    if len(bills) > 1:
        names = ", ".join(b.model for b in bills[1:])
        lines.append(f"{names} (list prices, for comparison): {bills[1].kinds()}; tokens by {bills[1].tokenizer}.")
    lines.append(
        "Completion tokens are what a capable model typically writes for each call (an expectation, not a count); "
        "cached calls are free."
    )
    worst = []
    for b in bills:
        calls, tokens, cost = b.worst()
        worst.append(f"{b.model} {calls} calls, {tokens:,} tokens" + (f", {dollars(cost)}" if cost else ""))
    lines.append(
        "Re-asks are not known in advance and are not counted: a call whose answer fails the checks is asked "
        "again, resending its prompt. If every call used all its re-asks: " + "; ".join(worst) + "."
    )
    return "\n".join(lines) + "\n"
