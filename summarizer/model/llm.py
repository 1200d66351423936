"""Structured calls to any OpenAI-compatible endpoint (the embedded server, OpenAI, Ollama, vLLM, ...).

One async path: cache lookup, then instructor (validation re-asks) inside tenacity (transport
retries), then the cache. Callers may rely on:
- a cache hit starts no server, builds no client and sends nothing (`usage.cached`, attempts 0);
- `structured` returns a `CallResult` when the model answered, valid or not, and raises only
  `ModelError` (endpoint failures, one line, no secret) — `ConfigError` comes from the constructor;
- `usage` sums tokens over every HTTP call made for the result, re-asks and transport retries included.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from pydantic import BaseModel

from summarizer.errors import ConfigError, EndpointError, ModelError
from summarizer.model import embedded, prices, transport
from summarizer.model.cache import Cache, cache_key
from summarizer.model.calls import CallResult, Tally, cache_entry, error_lines, from_cache, unvalidated
from summarizer.model.pace import Pace
from summarizer.model.settings import Settings
from summarizer.model.validation import checking
from summarizer.model.wire import bounded, instructor_mode, instructor_model, json_schema

# openai and instructor take about half a second to import: they are imported where a call is made, so a
# fully cached run never pays for them (`summarizer brief` on a cached corpus starts in well under 1 s).
if TYPE_CHECKING:
    import instructor
    import openai

# instructor logs every failed attempt at ERROR; with no logging configured, Python's last-resort
# handler would print those to the terminal. A NullHandler keeps them out; configured handlers see them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

OPENAI_URL = "https://api.openai.com/v1"


class LLM:
    """A model endpoint chosen by `Settings`; raises `ConfigError` when the settings cannot work."""

    def __init__(self, settings: Settings, cache: Cache, *, sleep: Callable[[float], Awaitable[None]] | None = None):
        self.settings = settings
        self.cache = cache
        self._sleep = sleep  # tests inject a recorder; None: asyncio.sleep
        self._mode = settings.resolved_mode
        if settings.embedded:
            if self._mode == "json_schema":
                raise ConfigError("mode json_schema does not work with the embedded model: use tools or json")
            self._model = embedded.MODEL_ALIAS
            self._endpoint = f"embedded:{embedded.model_path().name}"
        else:
            if not settings.model or settings.model == "embedded":
                raise ConfigError(
                    f"SUMMARIZER_BASE_URL={settings.base_url} needs a model: set SUMMARIZER_MODEL "
                    "to a model that endpoint serves"
                )
            if settings.base_url is None and settings.api_key is None:
                raise ConfigError(
                    f"SUMMARIZER_MODEL={settings.model} needs an endpoint: set SUMMARIZER_BASE_URL "
                    "(Ollama, vLLM, llama.cpp) or OPENAI_API_KEY (OpenAI)"
                )
            self._model = settings.model
            self._endpoint = (settings.base_url or OPENAI_URL).rstrip("/")
        self._bind(None)  # to the loop of the first call
        self.pace = Pace(sleep=sleep)  # shared by every call made through this LLM

    def _bind(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Give `loop` its own client, lock and semaphores: a program may use the async API from several
        `asyncio.run`s, and connections and primitives cannot move between loops. The client left on
        the previous loop was closed when that loop shut down (`_closed_with_loop`)."""
        self._loop = loop
        self._client: instructor.AsyncInstructor | None = None
        self._client_url: str | None = None
        self._closer: AsyncGenerator[None, None] | None = None
        self._client_lock = asyncio.Lock()
        # llama.cpp serves one request at a time: queueing here keeps a waiting request's time out
        # of its own timeout, which would otherwise expire and be retried while it waited its turn.
        self._gate = asyncio.Semaphore(1) if self.settings.embedded else None
        # The bound on HTTP calls in flight, held only while a request is out (re-asks and the briefing's
        # reduce calls included): an article whose answer is in frees its slot before it is checked.
        self.slots = asyncio.Semaphore(self.settings.concurrency)

    @property
    def label(self) -> str:
        """Who wrote the model fields: "SmolLM2-135M-Instruct (embedded)", "gpt-4o-mini @ api.openai.com"."""
        if self.settings.embedded:
            return f"{embedded.MODEL_NAME} (embedded)"
        return f"{self._model} @ {urlparse(self._endpoint).netloc or self._endpoint}"

    @property
    def endpoint(self) -> str:
        """The endpoint part of cache keys: "embedded:<gguf name>" or the base URL (never a port we chose)."""
        return self._endpoint

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        """USD at this model's list price (`prices`); 0 for the embedded model (it runs here); None unknown."""
        if self.settings.embedded:
            return 0.0
        return prices.cost(self._model, self.settings.base_url, prompt_tokens, completion_tokens)

    @property
    def price_source(self) -> str | None:
        """Whose price `cost` uses, e.g. "gpt-4o-mini (openai)"; None for the embedded model or no price."""
        price = None if self.settings.embedded else prices.price_of(self._model, self.settings.base_url)
        return price.source if price else None

    def cache_key(self, messages: list[dict[str, Any]], response_model: type[BaseModel], prompt_version: str) -> str:
        """The cache key of a call; the API key is never part of it."""
        return cache_key(
            model=self._model,
            endpoint=self._endpoint,
            mode=self._mode,
            messages=messages,
            schema=json_schema(response_model, bounded(self.settings)),
            temperature=self.settings.temperature,
            seed=self.settings.seed,
            prompt_version=prompt_version,
            # these change what comes back (re-asks, truncation), so an answer made under other values
            # is not the answer to this call
            reasks=self.settings.reasks,
            max_tokens=self.settings.max_tokens,
        )

    def cached(
        self,
        messages: list[dict[str, Any]],
        response_model: type[BaseModel],
        prompt_version: str,
        key: str | None = None,
    ) -> CallResult | None:
        """The cached answer to this call, or None: an entry that cannot be used (another shape) is a miss."""
        key = key or self.cache_key(messages, response_model, prompt_version)
        return from_cache(self.cache.get(key), response_model)

    async def structured(
        self,
        messages: list[dict[str, Any]],
        response_model: type[BaseModel],
        context: dict[str, Any],
        prompt_version: str,
    ) -> CallResult:
        """Ask for one `response_model` object, validated with `context` (see the module docstring)."""
        key = self.cache_key(messages, response_model, prompt_version)
        if (hit := self.cached(messages, response_model, prompt_version, key)) is not None:
            return hit
        import openai
        from instructor.core import InstructorRetryException

        from summarizer.model import retry

        tally = Tally()
        own_hold = 0.0  # the pool hold this call's own 429 set: its retry wait already covers it
        try:
            attempts = self.settings.transport_retries + 1
            retrying = retry.async_retrying(attempts, seconds=self.settings.retry_seconds, sleep=self._sleep)
            async for attempt in retrying:
                with attempt:
                    await self.pace.wait(own=own_hold)
                    try:
                        result = await self._call(messages, response_model, context, tally)
                    except Exception as exc:
                        own_hold = self.pace.hold_after(exc) or own_hold
                        raise
                    result.usage.cost_usd = self.cost(result.usage.prompt_tokens, result.usage.completion_tokens)
                    # Whatever the model answered is cached, usable or not: at temperature 0 with a seed
                    # the same request gets the same answer, and "a second run calls no model" must hold
                    # for articles the model fails on too. Transport errors raise above and never land.
                    self.cache.set(key, cache_entry(result))
                    return result
        except (openai.APIError, InstructorRetryException) as exc:
            raise self._model_error(exc, tally.attempts) from exc
        raise AssertionError("unreachable: tenacity either returns or re-raises")

    def request_kwargs(self, messages: list[dict[str, Any]], response_model: type[BaseModel]) -> dict[str, Any]:
        """The chat.completions arguments of a call, before instructor adds its own (tools or response
        format); `extra_body` is merged into the JSON body by the openai client."""
        kwargs: dict[str, Any] = {
            "model": self._model,
            "messages": messages,
            "temperature": self.settings.temperature,
            "seed": self.settings.seed,
            "max_tokens": self.settings.max_tokens,
        }
        if self.settings.embedded:
            extra: dict[str, Any] = {"repeat_penalty": 1.15}
            if self._mode == "json":  # llama.cpp turns the schema into a grammar; without it, no objects
                extra["response_format"] = {
                    "type": "json_object",
                    "schema": json_schema(response_model, bounded=True),
                }
            kwargs["extra_body"] = extra
        return kwargs

    async def _call(
        self,
        messages: list[dict[str, Any]],
        response_model: type[BaseModel],
        context: dict[str, Any],
        tally: Tally,
    ) -> CallResult:
        import pydantic
        from instructor.core import IncompleteOutputException, InstructorRetryException, ResponseParsingError

        client = await self._get_client()
        kwargs: dict[str, Any] = {
            **self.request_kwargs(messages, response_model),
            "response_model": instructor_model(response_model, bounded(self.settings)),
            "max_retries": self.settings.reasks,  # instructor makes max_retries + 1 attempts
            "strict": False,  # lax parsing ("3" for 3); the validators do the real checking
            "hooks": tally.hooks,
        }
        try:
            # the context goes to our validators through `checking`, not instructor's `context=` (see checks.py)
            with checking(context):
                if self._gate is None:
                    obj, _ = await client.create_with_completion(**kwargs)
                else:
                    async with self._gate:
                        obj, _ = await client.create_with_completion(**kwargs)
        except IncompleteOutputException:
            tally.failed += 1  # instructor neither re-asks nor reports it as a parse error
            cut = f"the output was cut off at max_tokens={self.settings.max_tokens}"
            return CallResult(None, False, [cut], tally.usage())
        except InstructorRetryException as exc:
            if not isinstance(exc.__cause__, pydantic.ValidationError | json.JSONDecodeError | ResponseParsingError):
                raise  # a transport error: tenacity decides
            return CallResult(unvalidated(exc, response_model), False, error_lines(exc), tally.usage())
        return CallResult(obj.model_dump(mode="json"), True, [], tally.usage())

    async def _get_client(self) -> instructor.AsyncInstructor:
        if asyncio.get_running_loop() is not self._loop:
            self._bind(asyncio.get_running_loop())
        async with self._client_lock:
            if self.settings.embedded:
                url = embedded.override_url() or await self._start_embedded()
                key = "not-needed"
            else:
                url = self._endpoint
                secret = self.settings.api_key
                key = secret.get_secret_value() if secret else "not-needed"
            if self._client is None or url != self._client_url:  # a restarted server has a new port
                await self.aclose()
                http = transport.make_openai(url, key, self.settings.timeout)
                self._client = transport.make_instructor(http, instructor_mode(self._mode), self.slots)
                self._client_url = url
                self._closer = _closed_with_loop(http)
                await anext(self._closer)
            return self._client

    async def _start_embedded(self) -> str:
        embedded.install_exit_handlers()  # here, in the loop's thread: signal handlers need the main one
        return (await asyncio.to_thread(embedded.shared_server)).base_url

    def _model_error(self, exc: BaseException, attempts: int) -> ModelError:
        """One actionable line for a final failure; never the key or request headers."""
        import openai

        from summarizer.model import retry

        secret = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        hint = None
        if self.settings.embedded:
            override = embedded.override_url()
            hint = f"is SUMMARIZER_EMBEDDED_URL={override} running?" if override else "the embedded server died"
        url = self._client_url or self._endpoint
        message = retry.failure_message(
            exc, url=url, model=self._model, attempts=attempts, timeout=self.settings.timeout, hint=hint
        )
        error = retry.api_error(exc)
        # Only what no request can get past stops a batch: a refused connection, an unknown host, a refused
        # key or model. A connection that broke mid-answer is that one call's failure.
        fatal = retry.unreachable(exc)
        fatal = fatal or (isinstance(error, openai.APIStatusError) and error.status_code in (401, 403, 404))
        return (EndpointError if fatal else ModelError)(retry.scrub(message, secret), attempts)

    async def aclose(self) -> None:
        """Close the HTTP client. The shared embedded server stays up for other callers (atexit stops it)."""
        if self._closer is not None and self._loop is asyncio.get_running_loop():
            await self._closer.aclose()  # closes the client
        self._client = self._client_url = self._closer = None


async def _closed_with_loop(client: openai.AsyncOpenAI) -> AsyncIterator[None]:
    """Started on the loop the client belongs to, this generator is closed by asyncio when that loop shuts
    down (`loop.shutdown_asyncgens`, run by `asyncio.run` and `asyncio.Runner.close`), and closes the
    client there, on its own loop: however a program ends its loop, the connections are not left open."""
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            await client.close()
