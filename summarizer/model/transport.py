"""The HTTP side of a model call: the openai client on aiohttp, and chat completions sent as plain JSON.

Departures from `instructor.from_openai(AsyncOpenAI(...))`, all for the client's CPU time in batch
runs, where one event loop drives dozens of calls at once (measured in `bench/`, 1,000 articles at C = 32):
- aiohttp under the openai client (`DefaultAioHttpClient`, the SDK's documented option "for improved
  concurrency performance"): about 3 ms less CPU per call than the default httpx2 transport.
- The request goes through `client.post("/chat/completions", body=...)`, the SDK's documented way to send
  a request body as is, instead of `client.chat.completions.create(...)`. `create` first walks every
  argument against its TypedDict annotations (`async_maybe_transform`); over the tool schema that walk is
  about 1.7 ms per call and changes nothing for the plain strings and dicts we send. instructor still
  builds the arguments, parses the answer and re-asks (`instructor.patch(create=...)`).

Callers may rely on: errors are the openai client's own (`APIConnectionError`, `APITimeoutError`,
`APIStatusError`), so `retry` classifies them as before, with one fix: a refused connection is an
`APIConnectionError`, not a timeout (the vendored aiohttp transport maps every connection error to
`ConnectTimeout`); and one addition: an HTTP 200 whose body is not a chat completion with a choice
raises `retry.BrokenAnswer`, a transport failure, so instructor never takes it for the model's answer
(it would re-ask it, and the call's result would be cached as the model's).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import instructor
    import openai
    from openai.types.chat import ChatCompletion

# instructor's own arguments never reach the endpoint; `extra_body` is merged into the body, as the
# openai client does; the others are client options, not body fields.
_CLIENT_OPTIONS = ("extra_headers", "extra_query", "timeout")


def make_openai(url: str, key: str, timeout: float) -> openai.AsyncOpenAI:
    import openai

    return openai.AsyncOpenAI(
        base_url=url,
        api_key=key,
        max_retries=0,  # `retry` is the only retry policy
        timeout=timeout,
        http_client=openai.DefaultAioHttpClient(timeout=timeout),
    )


def chat_create(client: openai.AsyncOpenAI, slots: asyncio.Semaphore) -> Callable[..., Awaitable[ChatCompletion]]:
    """An async `chat.completions.create` that posts its arguments as the JSON body, holding one of
    `slots` while the request is out: the bound on calls in flight."""
    import json

    import aiohttp
    import openai
    import pydantic
    from openai.types.chat import ChatCompletion

    from summarizer.model.retry import BrokenAnswer

    async def create(**kwargs: Any) -> ChatCompletion:
        extra = kwargs.pop("extra_body", None) or {}
        options = {name: kwargs.pop(name) for name in _CLIENT_OPTIONS if name in kwargs}
        body = {k: v for k, v in kwargs.items() if v is not None} | extra
        try:
            async with slots:
                answer = await client.post("/chat/completions", body=body, cast_to=ChatCompletion, options=options)
        except openai.APITimeoutError as exc:
            root = exc.__cause__.__cause__ if exc.__cause__ else None  # APITimeoutError <- httpx2 <- aiohttp
            if isinstance(root, aiohttp.ClientConnectorError):  # refused, no route, no such host
                raise openai.APIConnectionError(message=str(root), request=exc.request) from root
            raise
        except (json.JSONDecodeError, pydantic.ValidationError) as exc:
            raise BrokenAnswer("the body is not JSON") from exc
        if not isinstance(answer, ChatCompletion) or not getattr(answer, "choices", None):
            raise BrokenAnswer("no choices")
        return answer

    return create


def make_instructor(
    client: openai.AsyncOpenAI, mode: instructor.Mode, slots: asyncio.Semaphore
) -> instructor.AsyncInstructor:
    import instructor

    _check_models_once()
    create = instructor.patch(create=chat_create(client, slots), mode=mode)
    return instructor.AsyncInstructor(client=client, create=create, mode=mode, provider=instructor.Provider.OPENAI)


def _check_models_once() -> None:
    """A third departure: instructor checks the response model for async validators on every call,
    walking its whole type tree several times: 4.5 ms a call, a third of a batch's client CPU (cProfile,
    500 articles at C = 32). The answer depends only on the class, so each class is checked once.
    Patched where instructor 1.17 looks the function up; if those places move, calls keep the original
    check."""
    try:
        from instructor.v2.core import patch
        from instructor.v2.validation import async_validators
    except ImportError:
        return
    original = async_validators.reject_async_validators
    if getattr(original, "checks_once", False):
        return
    checked: set[Any] = set()

    def reject_async_validators(response_model: Any) -> None:
        try:
            if response_model in checked:
                return
        except TypeError:  # unhashable: check every time, as instructor does
            return original(response_model)
        original(response_model)
        checked.add(response_model)

    reject_async_validators.checks_once = True  # type: ignore[attr-defined]
    async_validators.reject_async_validators = reject_async_validators
    if getattr(patch, "reject_async_validators", None) is original:
        patch.reject_async_validators = reject_async_validators
