"""Retries of TRANSPORT failures: connection errors, timeouts, 408/429 and 5xx answers.

Validation failures are instructor's business (re-asks), and 400/401/403/404 never get better by
asking again, so neither is retried here. The openai client is built with `max_retries=0`, so this
policy is the only one and retries do not multiply.

Callers may rely on: `is_transient` deciding by the innermost openai error in the chain (a
`BrokenAnswer` is transient: the endpoint answered, but not with a chat completion);
`wait_for` never retrying sooner than a 429/503 asked (Retry-After or retry-after-ms, capped at 60 s);
retries bounded by count (a 429 does not count: it is the server pacing us, not failing) AND by time
(`seconds` of waiting between attempts, in all); the `sleep` argument of
`async_retrying`/`retrying` being the only way time passes (tests inject a recorder).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import openai
import pydantic
import tenacity

from summarizer.model.redact import scrub

__all__ = ["scrub"]  # where error messages have always found it

log = logging.getLogger("summarizer.model.retry")

RETRY_AFTER_CAP = 60.0  # seconds; a server asking for longer still gets retried, after 60 s
_backoff = tenacity.wait_exponential_jitter(max=30)  # 1, 2, 4, ... s (+ up to 1 s jitter), at most 30
_TRANSIENT_STATUS = frozenset({408, 409, 429})  # plus every status >= 500
_RETRY_AFTER_STATUS = frozenset({429, 503})
DEFAULT_SECONDS = 300.0  # the bound on one call's waits between attempts, when none is given


class BrokenAnswer(Exception):
    """The endpoint answered HTTP 200 with something that is not a chat completion: a body that is not
    JSON, or no choices. A transport failure, never the model's answer: retried, never cached."""


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, then its causes and contexts, outermost first, each once.

    instructor raises `InstructorRetryException(...) from <last error>`, so the openai error behind a
    failed call is its `__cause__`; openai raises `APIConnectionError from <httpx2 error>`.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def api_error(exc: BaseException) -> openai.APIError | None:
    """The first openai API error in the chain, if any."""
    return next((e for e in exception_chain(exc) if isinstance(e, openai.APIError)), None)


def is_transient(exc: BaseException) -> bool:
    """True when asking again may succeed: connection errors, timeouts, 408/409/429 and >= 500.

    The first openai error or validation error found in the chain decides; anything else is not
    transient (so a validation failure that exhausted instructor's re-asks is never retried here).
    """
    for error in exception_chain(exc):
        if isinstance(error, openai.APIConnectionError | BrokenAnswer):  # includes APITimeoutError
            return True
        if isinstance(error, openai.APIStatusError):
            return error.status_code in _TRANSIENT_STATUS or error.status_code >= 500
        if isinstance(error, openai.APIError | pydantic.ValidationError | json.JSONDecodeError):
            return False
    return False


def retry_after(exc: BaseException) -> float | None:
    """Seconds a 429/503 answer asked us to wait (Retry-After-Ms, Retry-After seconds or HTTP date)."""
    error = api_error(exc)
    if not isinstance(error, openai.APIStatusError) or error.status_code not in _RETRY_AFTER_STATUS:
        return None
    headers = error.response.headers
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError):
        return None


def wait_for(retry_state: tenacity.RetryCallState) -> float:
    """Seconds to wait before the next attempt: exponential backoff, or longer if the server asked
    (Retry-After, capped). Never shorter than the backoff: a 429 storm with `retry-after-ms: 50` would
    otherwise spend every attempt in a second, where the same storm without the header is ridden out."""
    exc = retry_state.outcome.exception() if retry_state.outcome else None
    asked = retry_after(exc) if exc is not None else None
    backoff = float(_backoff(retry_state))
    if asked is not None and asked == asked:  # not NaN
        return max(min(max(asked, 0.0), RETRY_AFTER_CAP), backoff)
    return backoff


def describe(exc: BaseException) -> str:
    """A short, secret-free reason for logs: the error class and HTTP status, never its message."""
    error = api_error(exc)
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code}"
    return type(error or exc).__name__


def failure_message(
    exc: BaseException, *, url: str, model: str, attempts: int, timeout: float, hint: str | None = None
) -> str:
    """One actionable line for a call that failed for good. It holds no request header; pass it
    through `scrub` anyway, since servers may echo what they were sent."""
    error = api_error(exc)
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    broken = next((e for e in exception_chain(exc) if isinstance(e, BrokenAnswer)), None)
    if broken is not None:
        return f"the model endpoint at {url} sent a broken answer ({broken}) {tries}"
    if isinstance(error, openai.APITimeoutError):
        return f"the model endpoint at {url} timed out ({timeout:g} s) {tries}"
    if isinstance(error, openai.APIConnectionError):
        reason = _connection_reason(error)
        if unreachable(exc):
            hint = hint or "is the server running? set SUMMARIZER_BASE_URL"
            return f"cannot reach the model endpoint at {url} ({reason}) {tries}: {hint}"
        return f"the connection to the model endpoint at {url} broke ({reason}) {tries}"
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status in (401, 403):
            return f"the model endpoint refused the API key (HTTP {status}): check OPENAI_API_KEY"
        if status == 404:
            return f"model '{model}' not found at {url} (HTTP 404): check SUMMARIZER_MODEL and the base URL"
        said = _server_message(error)
        if status in _TRANSIENT_STATUS or status >= 500:
            return f"the model endpoint at {url} answered HTTP {status} {tries}: {said}"
        return f"the model endpoint at {url} rejected the request (HTTP {status}): {said}"
    return f"the model call failed {tries}: {type(exc).__name__}: {first_line(exc)}"


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _connection_reason(error: openai.APIConnectionError) -> str:
    for cause in exception_chain(error):
        text = str(cause).lower()
        if isinstance(cause, ConnectionRefusedError) or "refused" in text:
            return "connection refused"
        if _no_such_host(text):
            return "host name not found"
        if "payload is not completed" in text or "content length" in text:
            return "the answer was cut short"
        if isinstance(cause, ConnectionResetError) or "reset by peer" in text:
            return "connection reset"
        if "disconnected" in text:
            return "the server closed the connection"
    return "connection failed"


def _no_such_host(text: str) -> bool:
    return "name or service" in text or "nodename" in text or "name resolution" in text


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return first_line(Exception(str(message)))
    return first_line(error)


def _log_retry(retry_state: tenacity.RetryCallState) -> None:
    exc = retry_state.outcome.exception() if retry_state.outcome else None
    wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
    log.info(
        "model call failed (%s), attempt %d; retrying in %.1f s",
        describe(exc) if exc else "?",
        retry_state.attempt_number,
        wait,
    )


REFUSED_ATTEMPTS = 2  # a refused connection is a definite answer; one more try covers a server still starting


def refused(exc: BaseException | None) -> bool:
    """Whether nothing listens at the address (as opposed to a timeout or a dropped connection)."""
    return exc is not None and any(
        isinstance(c, ConnectionRefusedError) or "refused" in str(c).lower() for c in exception_chain(exc)
    )


def unreachable(exc: BaseException | None) -> bool:
    """Whether no request can get through: no connection could be made (refused, no route, unknown host, a
    certificate refused). A connection that was made and then broke (a reset, an answer cut short) says
    nothing about the next request."""
    if exc is None or not isinstance(api_error(exc), openai.APIConnectionError):
        return False
    import aiohttp  # the transport's: a connection it could not make is a ClientConnectorError

    chain = list(exception_chain(exc))
    return (
        refused(exc)
        or any(isinstance(c, aiohttp.ClientConnectorError) for c in chain)
        or any(_no_such_host(str(c).lower()) for c in chain)
    )


def rate_limited(exc: BaseException | None) -> bool:
    return exc is not None and getattr(api_error(exc), "status_code", None) == 429


def _stop(attempts: int, seconds: float) -> Callable[[tenacity.RetryCallState], bool]:
    def stop(state: tenacity.RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        # The count of failures so far, kept on the state (one per call, so never shared between calls)
        failures = getattr(state, "failures", 0) + (0 if rate_limited(exc) else 1)
        state.failures = failures  # type: ignore[attr-defined]
        if failures >= max(attempts, 1):
            return True
        if state.attempt_number >= REFUSED_ATTEMPTS and refused(exc):
            return True
        # The waits, not the clock: time spent queued for a slot or the embedded server is not retrying
        return state.idle_for + (state.upcoming_sleep or 0.0) > seconds

    return stop


def _policy(attempts: int, seconds: float) -> dict[str, Any]:
    """What the sync and async retryers share: transient failures only, Retry-After, the last error raised."""
    return {
        "stop": _stop(attempts, seconds),
        "wait": wait_for,
        "retry": tenacity.retry_if_exception(is_transient),
        "before_sleep": _log_retry,
        "reraise": True,
    }


def async_retrying(
    attempts: int, *, seconds: float = DEFAULT_SECONDS, sleep: Callable[[float], Awaitable[None]] | None = None
) -> tenacity.AsyncRetrying:
    """Tries of transient failures: at most `attempts` failures (1 = no retry; 429s do not count) and at
    most `seconds` of waiting between them in all; the last error is re-raised."""
    return tenacity.AsyncRetrying(**_policy(attempts, seconds), sleep=sleep or asyncio.sleep)


def retrying(
    attempts: int, *, seconds: float = DEFAULT_SECONDS, sleep: Callable[[float], None] | None = None
) -> tenacity.Retrying:
    """The sync twin of `async_retrying`."""
    return tenacity.Retrying(**_policy(attempts, seconds), sleep=sleep or time.sleep)
