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
from pydantic.json_schema import GenerateJsonSchema

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


_BOUNDS = frozenset({"maxLength", "minLength", "maxItems", "minItems", "pattern", "minimum", "maximum"})


class _WireSchema(GenerateJsonSchema):
    """The schema a model sees: what guides it and nothing else. No titles but the root's (instructor
    names the tool after it), `$defs` written in place, no null defaults, and (`bounded = False`) no
    length, count, pattern or range bounds: the prompt says how many of each, and our pydantic models
    still enforce every bound when the answer is parsed."""

    bounded = False

    def generate(self, schema: Any, mode: Any = "validation") -> dict[str, Any]:
        full = super().generate(schema, mode)
        defs = full.pop("$defs", {})
        return {**_lean(full, defs, self.bounded), "title": full["title"]}


class _BoundedSchema(_WireSchema):
    # llama.cpp turns the schema into a grammar, and the small embedded model repeats itself until
    # max_tokens unless maxLength/maxItems stop it: it keeps the bounds.
    bounded = True


def _lean(node: Any, defs: dict[str, Any], bounded: bool) -> Any:
    if isinstance(node, list):
        return [_lean(n, defs, bounded) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _lean(defs[node["$ref"].split("/")[-1]], defs, bounded)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" or (key == "default" and value is None) or (not bounded and key in _BOUNDS):
            continue
        if key == "properties":
            out[key] = {name: _lean(p, defs, bounded) for name, p in value.items()}
        else:
            out[key] = _lean(value, defs, bounded)
    options = out.get("anyOf", [])
    if options and all(set(o) == {"type"} for o in options):  # [{"type": "string"}, {"type": "null"}]
        out["type"] = [o["type"] for o in out.pop("anyOf")]
    return out


@functools.cache
def wire_model(response_model: type[BaseModel], bounded: bool) -> type[BaseModel]:
    """`response_model` with the schema the model sees (`_WireSchema`); same fields and validators."""
    generator = _BoundedSchema if bounded else _WireSchema

    class Wire(response_model):  # type: ignore[valid-type,misc]
        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            kwargs["schema_generator"] = generator
            return super().model_json_schema(*args, **kwargs)

    Wire.__name__ = Wire.__qualname__ = response_model.__name__
    Wire.__doc__ = response_model.__doc__
    return Wire


def bounded(settings: Settings) -> bool:
    """Whether the schema keeps its bounds: for the embedded model, whose grammar needs them."""
    return settings.embedded


@functools.cache
def json_schema(response_model: type[BaseModel], bounded: bool = False) -> dict[str, Any]:
    """The schema the model sees, made once per class (pydantic builds it anew on every call: ~4 ms)."""
    return wire_model(response_model, bounded).model_json_schema()


def tool(response_model: type[BaseModel], bounded: bool = False) -> dict[str, Any]:
    """The tool instructor sends for the model in tools mode, without importing instructor (half a second
    that `--estimate` cannot spend); tests hold it equal to what instructor sends."""
    schema = json_schema(response_model, bounded)
    parameters = {k: v for k, v in schema.items() if k not in ("title", "description")}
    parameters["required"] = sorted(schema.get("required", []))
    description = schema.get("description") or (
        f"Correctly extracted `{response_model.__name__}` with all the required parameters with correct types"
    )
    return {
        "type": "function",
        "function": {"name": schema["title"], "description": description, "parameters": parameters},
    }


@functools.cache
def instructor_model(response_model: type[BaseModel], bounded: bool = False) -> type[BaseModel]:
    """instructor's wrapper class for the model, made once: instructor would create a new class (and so a
    new tool schema, past its own cache) on every call. The request it sends is the same either way."""
    from instructor.v2.core.function_calls import response_schema

    return response_schema(wire_model(response_model, bounded))


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
    wired = instructor_model(response_model, bounded(llm.settings))
    _, kwargs = handle_response_model(wired, mode=mode, provider=Provider.OPENAI, **kwargs)
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
