"""What one structured call gives back: its result, the tokens and attempts it cost, and what failed.

`CallResult` is what `LLM.structured` returns and what the cache holds (`cache_entry`); `Tally` counts
HTTP calls, failures and tokens through instructor's hooks; `unvalidated` and `error_lines` read a call
whose re-asks ran out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from summarizer.errors import validation_lines
from summarizer.schemas import Usage

if TYPE_CHECKING:
    from instructor.core import InstructorRetryException


@dataclass
class CallResult:
    """What one structured call produced.

    data: the model's object as JSON-ready dict — the validated object, or, when re-asks ran out,
        the last attempt's object parsed WITHOUT validation context (so context validators skip);
        None if nothing parseable came back.
    valid: it passed the validators (which read `context`) on some attempt.
    errors: the validation errors of the last failed attempt, one short line each.
    """

    data: dict[str, Any] | None
    valid: bool
    errors: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


class Tally:
    """Counts HTTP calls, failures and tokens through instructor's hooks, across transport retries."""

    def __init__(self) -> None:
        from instructor.core.hooks import Hooks

        self.attempts = self.failed = self.prompt_tokens = self.completion_tokens = 0
        self.hooks = Hooks()
        self.hooks.on("completion:kwargs", self._on_call)
        self.hooks.on("completion:response", self._on_response)
        self.hooks.on("completion:error", self._on_failure)
        self.hooks.on("parse:error", self._on_failure)

    def _on_call(self, *args: Any, **kwargs: Any) -> None:
        self.attempts += 1

    def _on_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0

    def _on_failure(self, error: Exception, **meta: Any) -> None:
        self.failed += 1

    def usage(self) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            attempts=self.attempts,
            failed_attempts=self.failed,
        )


def cache_entry(result: CallResult) -> dict[str, Any]:
    """What `structured` stores under a call's key (and `batch collect` stores for a collected answer)."""
    usage = result.usage.model_dump()
    return {"data": result.data, "valid": result.valid, "errors": result.errors, "usage": usage}


def from_cache(hit: dict[str, Any] | None, response_model: type[BaseModel]) -> CallResult | None:
    """A cache entry as the result of a call, or None when it is not one of `response_model` (written by
    another version, or edited by hand): such an entry counts as a miss instead of failing the article."""
    import pydantic

    if hit is None:
        return None
    data, valid, errors = hit.get("data"), hit.get("valid"), hit.get("errors", [])
    if not isinstance(valid, bool) or not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
        return None
    if data is not None:
        try:  # without context, as the entry was made: the checks against the article ran before it was stored
            response_model.model_validate(data)
        except (pydantic.ValidationError, TypeError, ValueError):
            return None
    return CallResult(data, valid, list(errors), Usage(cached=True))


def unvalidated(exc: InstructorRetryException, response_model: type[BaseModel]) -> dict[str, Any] | None:
    """The last completion's object, validated without context; None if it does not parse."""
    choices = getattr(exc.last_completion, "choices", None)
    if not choices:
        return None
    message = choices[0].message
    calls = getattr(message, "tool_calls", None) or []
    text = calls[0].function.arguments if calls else (message.content or "")
    start, end = text.find("{"), text.rfind("}")  # JSON mode may wrap the object in prose or fences
    try:
        # strict=False lets raw newlines inside strings through: the small model's grammar emits them.
        raw = json.loads(text[start : end + 1], strict=False)
        return response_model.model_validate(raw).model_dump(mode="json")
    except (ValueError, TypeError):
        return None


def error_lines(exc: InstructorRetryException, limit: int = 10) -> list[str]:
    import pydantic

    from summarizer.model import retry

    last = exc.failed_attempts[-1].exception if exc.failed_attempts else exc.__cause__
    if isinstance(last, pydantic.ValidationError):
        lines = validation_lines(last)
    else:
        lines = [retry.first_line(last) if last else "unknown validation failure"]
    return [line[:200] for line in lines[:limit]]
