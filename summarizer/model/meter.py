"""An `LLM` that calls no model: what `--estimate` runs the pipeline with.

A call whose answer is in the cache is answered from it, as in a real run, and costs nothing. Any other
call is counted instead of sent: the prompt tokens of the request it would send (messages and tool
schema, `tokens.TokenCounter`) and the completion tokens a capable model typically writes for that
schema (`typical_tokens` on the response model: an expectation, not a count). It answers "nothing", so
the pipeline goes on as it does when a model's answer fails, with text drawn from the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer.model.cache import Cache
from summarizer.model.calls import CallResult
from summarizer.model.llm import LLM
from summarizer.model.settings import Settings
from summarizer.model.tokens import TokenCounter
from summarizer.model.wire import bounded, tool
from summarizer.schemas import Usage

NOT_CALLED = "not called: an estimate"


@dataclass(frozen=True)
class Metered:
    schema: str  # the response model's name: "BriefDraft", "Verdicts", ...
    cached: bool
    prompt_tokens: int = 0
    completion_tokens: int = 0  # expected, not counted


class Meter(LLM):
    def __init__(self, settings: Settings, cache: Cache, counter: TokenCounter) -> None:
        super().__init__(settings, cache)
        self.counter = counter
        self.calls: list[Metered] = []

    async def structured(
        self,
        messages: list[dict[str, Any]],
        response_model: type[BaseModel],
        context: dict[str, Any],
        prompt_version: str,
    ) -> CallResult:
        name = response_model.__name__
        if (hit := self.cached(messages, response_model, prompt_version)) is not None:  # as `LLM.structured` reads it
            self.calls.append(Metered(name, cached=True))
            return hit
        # llama.cpp (the embedded server) turns the schema into a grammar, not prompt text: its reported
        # prompt tokens are the messages' alone (bench/RESULTS.md, prefix); providers put the tool in the prompt
        tools = [] if self.settings.embedded else [tool(response_model, bounded(self.settings))]
        prompt = self.counter.request(messages, tools)
        completion = min(int(getattr(response_model, "typical_tokens", 0)), self.settings.max_tokens or 0)
        self.calls.append(Metered(name, False, prompt, completion))
        return CallResult(None, False, [NOT_CALLED], Usage())
