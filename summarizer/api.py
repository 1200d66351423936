"""The Python API: `Summarizer().summarize(path_or_text) -> ArticleBrief`.

Async underneath; the sync methods run on one event loop the instance keeps, so the HTTP client and its
connections are reused across calls.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from summarizer.batch.workers import Analyser
from summarizer.brief.judge import Judge
from summarizer.brief.pipeline import ArticlePipeline
from summarizer.errors import EndpointError, InputError, SummarizerError
from summarizer.extract.analysis import Source, load
from summarizer.model.cache import Cache
from summarizer.model.llm import LLM
from summarizer.model.settings import Settings
from summarizer.read.article import Article
from summarizer.schemas import ArticleBrief, CorpusBriefing


@dataclass
class Result:
    """One article's outcome in a batch: `brief` or `error`, never both."""

    source: str
    brief: ArticleBrief | None = None
    error: str | None = None
    attempts: int = 0  # for an error: the HTTP calls made in vain (a brief counts its own in `usage`)


class Summarizer:
    """Briefs from articles. Settings come from the environment (SUMMARIZER_*, OPENAI_API_KEY); keyword
    arguments override them, e.g. `Summarizer(model="gpt-4o-mini", concurrency=32)`. For large batches,
    `workers=N` moves the code analysis to N processes (`workers.py`); call `close()` (or use `with`) to
    stop them."""

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        base = settings or Settings()
        self.settings = base.with_overrides(**overrides) if overrides else base
        self.cache = Cache(self.settings.cache_dir, enabled=not self.settings.no_cache)
        self.llm = LLM(self.settings, self.cache)
        self.judge_llm = self._judge_llm()
        self.pipeline = ArticlePipeline(self.llm, judge=Judge(self.judge_llm) if self.judge_llm else None)
        self.analyser = Analyser(self.settings.workers)
        self._runner: asyncio.Runner | None = None

    def _judge_llm(self) -> LLM | None:
        """The model that judges each brief's sentences: a capable one only (`Settings.judge_enabled`)."""
        if not self.settings.judge_enabled:
            return None
        return LLM(self.settings.judge_settings(), self.cache) if self.settings.judge_model else self.llm

    @property
    def _articles_in_flight(self) -> int:
        """Articles the pool works on at once: the calls in flight are bounded by `settings.concurrency`
        (`LLM.slots`); twice as many articles keep every slot busy while answers are being checked."""
        return 2 * self.settings.concurrency

    @property
    def model(self) -> str:
        """The model that writes the briefs, as named in them."""
        return self.llm.label

    async def asummarize(self, source: Source) -> ArticleBrief:
        return await self.pipeline.brief(await self.analyser.analyse(source))

    def summarize(self, source: Source) -> ArticleBrief:
        return self._run(self.asummarize(source))

    async def asummarize_many(
        self, sources: Iterable[Source], *, stop: Callable[[], bool] | None = None
    ) -> AsyncIterator[Result]:
        """Results as they finish, at most `settings.concurrency` model calls in flight. One article's failure
        never stops the others; it comes back as a `Result` with `error` set.

        Sources are read lazily and finished results are not kept, so memory stays flat however many
        articles there are. When `stop()` turns true, no further article is started: the ones in flight
        finish and are yielded, and the iteration ends (the rest are not yielded at all).
        """
        async for finished in self._finished(sources, stop):
            for result in finished:
                yield result

    async def _finished(
        self, sources: Iterable[Source], stop: Callable[[], bool] | None
    ) -> AsyncIterator[list[Result]]:
        """The pool behind `asummarize_many`: each item is every result that finished at the same time."""
        pending: set[asyncio.Task[Result]] = set()
        queue = iter(sources)
        fatal: list[str] = []  # an endpoint that cannot serve anyone: the rest are not attempted
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self._articles_in_flight and not (stop and stop()):
                    source = next(queue, None)
                    if source is None:
                        exhausted = True
                    else:
                        pending.add(asyncio.ensure_future(self._one(source, fatal)))
                        if len(pending) == self._articles_in_flight:  # a batch that fills the window
                            self.analyser.start()
                if not pending:
                    return
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                yield [task.result() for task in done]
        finally:
            for task in pending:
                task.cancel()

    async def _one(self, source: Source, fatal: list[str]) -> Result:
        name = source.source if isinstance(source, Article) else str(source)
        if fatal:
            return Result(name, error=f"{name}: not attempted: {fatal[0]}")
        try:
            return Result(name, brief=await self.asummarize(source))
        except SummarizerError as e:
            if isinstance(e, EndpointError):
                fatal.append(str(e))
            message = str(e) if str(e).startswith(name) else f"{name}: {e}"
            return Result(name, error=message, attempts=getattr(e, "attempts", 0))
        except Exception as e:  # a bug met by one article must not lose the others' results
            return Result(name, error=f"{name}: unexpected {type(e).__name__}: {e}")

    def summarize_many(self, sources: Iterable[Source], *, stop: Callable[[], bool] | None = None) -> Iterator[Result]:
        """The sync form of `asummarize_many`: yields results as they finish."""
        # The loop runs until some results are in and stops while the caller handles them: one entry per
        # group of results finished together, not per result (at C = 32 results come in waves).
        agen = self._finished(sources, stop)
        try:
            while True:
                try:
                    finished = self._run(agen.__anext__())
                except StopAsyncIteration:
                    return
                yield from finished
        finally:
            # After a KeyboardInterrupt inside the loop the generator is still marked running: `close()`
            # cancels its task (and with it the calls in flight) when the runner closes.
            with contextlib.suppress(RuntimeError):
                self._run(agen.aclose())

    async def abrief(self, sources: Iterable[Source]) -> CorpusBriefing:
        """One briefing across all articles. Articles that cannot be read or briefed are listed in
        `failed`; the briefing is made from the rest. Raises when none could be briefed."""
        from summarizer.briefing.build import build_briefing
        from summarizer.briefing.reduce import Reducer

        articles: list[Article] = []
        failed: list[str] = []
        seen: set[str] = set()
        for source in sources:
            try:
                article = load(source)
            except InputError as e:
                failed.append(str(e))
                continue
            if article.id in seen:  # same file name in two folders: keep both, apart
                article.id = f"{article.id}~{len(articles) + 1}"
            seen.add(article.id)
            articles.append(article)
        by_source = {a.source: a for a in articles}
        briefs: dict[str, ArticleBrief] = {}
        failed_calls = 0
        async for result in self.asummarize_many(articles):
            if result.brief is not None:
                briefs[result.source] = result.brief
            else:
                failed.append(result.error or f"{result.source}: failed")
                failed_calls += result.attempts
        ordered = [briefs[a.source] for a in articles if a.source in briefs]
        if not ordered:
            raise SummarizerError("no article could be briefed: " + (failed[0] if failed else "no input"))
        kept = {by_source[b.source].id: by_source[b.source] for b in ordered}
        briefing = await build_briefing(ordered, kept, Reducer(self.llm), failed, self.model)
        briefing.model_calls += failed_calls  # the failed articles' calls were made too
        return briefing

    def brief(self, sources: Iterable[Source]) -> CorpusBriefing:
        return self._run(self.abrief(list(sources)))

    def _run(self, coro: Any) -> Any:
        if self._runner is None:
            self._runner = asyncio.Runner()
        # The runner's task keeps no result: when the runner puts back its Ctrl-C handler it formats the
        # old one, and with it the task's result (a list of whole briefs), at ~0.4 ms a brief.
        out: list[Any] = []

        async def keep() -> None:
            out.append(await coro)

        self._runner.run(keep())
        return out[0]

    def close(self) -> None:
        if self._runner is not None:
            self._runner.run(self.llm.aclose())
            if self.judge_llm is not None and self.judge_llm is not self.llm:
                self._runner.run(self.judge_llm.aclose())
            self._runner.close()
            self._runner = None
        self.analyser.close()
        self.cache.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
