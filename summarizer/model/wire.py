"""instructor, seen from our side: its mode for a setting, its wrapper class for a model, the
chat.completions request it sends for a call, and the parse it applies to the answer.

`batch prepare` writes requests that a provider's batch engine runs instead of us, and `batch collect`
reads the answers back: both must match what an interactive call through `LLM.structured` sends and
checks, or collected answers would not be the answers to our calls. So both go through instructor's own
functions (`handle_response_model`, `handle_templating`, `process_response`) in the configured mode,
never a copy of them; tests compare `chat_body` with the body instructor puts on the wire.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

if TYPE_CHECKING:
    import instructor

    from summarizer.model.settings import Settings


class LLM(Protocol):
    """What these functions use of an `llm.LLM` (which imports this module, so it is not imported here)."""

    settings: Settings

    def request_kwargs(self, messages: list[dict[str, Any]], response_model: type[BaseModel]) -> dict[str, Any]: ...


def instructor_mode(mode: str) -> instructor.Mode:
    """instructor's `Mode` for a `Settings.mode` value ("tools", "json_schema", "json")."""
    import instructor

    return {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA, "json": instructor.Mode.JSON}[
        mode
    ]


@functools.cache
def json_schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema, made once per class (pydantic builds it anew on every call: ~4 ms)."""
    return response_model.model_json_schema()


@functools.cache
def instructor_model(response_model: type[BaseModel]) -> type[BaseModel]:
    """instructor's wrapper class for the model, made once: instructor would create a new class (and so a
    new tool schema, past its own cache) on every call. The request it sends is the same either way."""
    from instructor.v2.core.function_calls import response_schema

    return response_schema(response_model)


def chat_body(
    llm: LLM, messages: list[dict[str, Any]], response_model: type[BaseModel], context: dict[str, Any]
) -> dict[str, Any]:
    """The JSON body of the first chat.completions request `llm.structured` would send for this call
    (re-asks aside): model, messages, temperature, seed, max_tokens, and tools/tool_choice (tools mode)
    or response_format (json_schema mode), plus whatever the endpoint needs in the body (`extra_body`)."""
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.response import handle_response_model
    from instructor.v2.core.templating import handle_templating

    mode = instructor_mode(llm.settings.resolved_mode)
    kwargs = llm.request_kwargs(messages, response_model)
    extra = kwargs.pop("extra_body", {})
    _, kwargs = handle_response_model(response_model, mode=mode, provider=Provider.OPENAI, **kwargs)
    # instructor renders the messages as templates with the validation context (a no-op for plain text)
    kwargs = handle_templating(kwargs, mode=mode, provider=Provider.OPENAI, context=context)
    return {**kwargs, **extra}


def parse_completion(
    llm: LLM, completion: dict[str, Any], response_model: type[BaseModel], context: dict[str, Any]
) -> BaseModel:
    """The validated object in a chat completion (a response body), checked as instructor checks an
    interactive answer: the same mode's parser, `strict=False`, the validators with `context`.

    Raises pydantic.ValidationError (the validators' findings), ValueError or instructor's
    ResponseParsingError/IncompleteOutputException (no usable tool call; cut off at max_tokens).
    """
    from instructor.v2.core.response import process_response
    from openai.types.chat import ChatCompletion

    response = ChatCompletion.model_validate(completion)
    mode = instructor_mode(llm.settings.resolved_mode)
    parsed = process_response(
        response, response_model=response_model, validation_context=context, strict=False, stream=False, mode=mode
    )
    if not isinstance(parsed, response_model):
        raise ValueError(f"expected a {response_model.__name__}, got {type(parsed).__name__}")
    return parsed
