"""Transport retries, re-asks and error messages, against a scripted OpenAI-compatible server on 127.0.0.1.

respx cannot intercept openai 3.x (it sends through httpx2), so a real local HTTP server plays the faults.
"""

from __future__ import annotations

import email.utils
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import openai
import pydantic
import pytest
import tenacity
from instructor.core import InstructorRetryException
from pydantic import BaseModel, Field, ValidationInfo, field_validator

from summarizer.errors import ConfigError, EmbeddedModelMissing, EndpointError, ModelError
from summarizer.model import embedded, retry
from summarizer.model.cache import Cache
from summarizer.model.llm import LLM
from summarizer.model.settings import Settings
from summarizer.model.validation import check_context

API_KEY = "sk-test-secret-0123456789abcdef"


class Answer(BaseModel):
    answer: str = Field(max_length=20)

    @field_validator("answer")
    @classmethod
    def _allowed(cls, value: str, info: ValidationInfo) -> str:
        # Like the project's validators: check against the context, skip when there is none.
        context = check_context(info)
        if context and value not in context["allowed"]:
            raise ValueError(f"{value!r} is not one of the allowed answers")
        return value


def completion(answer: str, prompt_tokens: int = 10, completion_tokens: int = 5) -> dict[str, Any]:
    arguments = json.dumps({"answer": answer})
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "tiny",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "Answer", "arguments": arguments},
                        }
                    ],
                },
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def error(status: int, message: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    return status, headers or {}, {"error": {"message": message, "type": "test", "code": None}}


@dataclass
class FaultServer:
    """Answers POST /v1/chat/completions with the scripted replies in order, recording each request."""

    script: list[tuple[int, dict[str, str], Any]]
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                status, headers, payload = server.script.pop(0) if server.script else error(500, "script ran out")
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

        return Handler


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    fault = FaultServer(script=[])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), fault.handler())
    fault.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield fault
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Settings read the environment: a developer's SUMMARIZER_* or OPENAI_API_KEY must not leak in.
    for name in [n for n in os.environ if n.startswith("SUMMARIZER_")] + ["OPENAI_API_KEY"]:
        monkeypatch.delenv(name, raising=False)


class Sleeps:
    """Records the waits instead of sleeping, so the tests take no time."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


MESSAGES = [{"role": "user", "content": "What is six times seven?"}]
CONTEXT = {"allowed": ["42"]}


def make_llm(url: str, cache_dir: Path, sleeps: Sleeps, **overrides: Any) -> LLM:
    options: dict[str, Any] = {"model": "tiny", "base_url": url, "SUMMARIZER_API_KEY": API_KEY, "reasks": 0}
    settings = Settings(**{**options, **overrides})
    return LLM(settings, Cache(cache_dir), sleep=sleeps)


async def test_retries_transient_failures_honours_retry_after_then_caches(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.script = [
        error(429, "slow down", {"Retry-After": "3"}),
        error(500, "boom"),
        (200, {}, completion("42")),
    ]
    sleeps = Sleeps()
    llm = make_llm(fault_server.url, tmp_path, sleeps, transport_retries=4)
    result = await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()

    assert result.valid and result.data == {"answer": "42"} and result.errors == []
    assert len(fault_server.requests) == 3
    assert sleeps.waits[0] == 3.0  # Retry-After honoured (it is longer than the first backoff step)
    assert 2.0 <= sleeps.waits[1] <= 3.0  # then exponential backoff with jitter (2 s + up to 1 s)
    assert result.usage.attempts == 3 and result.usage.failed_attempts == 2
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (10, 5)
    assert not result.usage.cached
    request = fault_server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["tool_choice"]["function"]["name"] == "Answer"
    assert request["headers"]["authorization"] == f"Bearer {API_KEY}"

    again = make_llm(fault_server.url, tmp_path, sleeps)
    cached = await again.structured(MESSAGES, Answer, CONTEXT, "v1")
    assert len(fault_server.requests) == 3  # nothing sent
    assert cached.usage.cached and cached.usage.attempts == 0
    assert cached.data == result.data and cached.valid
    again.cache.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert API_KEY.encode() not in stored


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "the model endpoint refused the API key (HTTP 401): check OPENAI_API_KEY"),
        (403, "the model endpoint refused the API key (HTTP 403): check OPENAI_API_KEY"),
        (400, "rejected the request (HTTP 400): maximum context length exceeded"),
        (404, "model 'tiny' not found at http://127.0.0.1:"),
    ],
)
async def test_client_errors_are_not_retried(
    fault_server: FaultServer, tmp_path: Path, status: int, expected: str
) -> None:
    # The server echoes the key, as OpenAI's 401 does in part: it must not reach the message.
    fault_server.script = [error(status, f"maximum context length exceeded; key {API_KEY}")]
    sleeps = Sleeps()
    llm = make_llm(fault_server.url, tmp_path, sleeps)
    with pytest.raises(ModelError) as caught:
        await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message and API_KEY not in message
    assert len(fault_server.requests) == 1 and sleeps.waits == []
    assert llm.cache.info()["entries"] == 0


async def test_server_errors_give_up_after_the_configured_attempts(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.script = [error(503, "overloaded", {"Retry-After": "120"})] * 3
    sleeps = Sleeps()
    llm = make_llm(fault_server.url, tmp_path, sleeps, transport_retries=2)
    with pytest.raises(ModelError, match=r"answered HTTP 503 after 3 attempts: overloaded$"):
        await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    assert len(fault_server.requests) == 3
    assert sleeps.waits == [60.0, 60.0]  # Retry-After capped
    assert llm.cache.info()["entries"] == 0  # failures are never cached


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    sleeps = Sleeps()
    llm = make_llm(url, tmp_path, sleeps, transport_retries=1)
    with pytest.raises(ModelError) as caught:
        await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    assert str(caught.value) == (
        f"cannot reach the model endpoint at {url} (connection refused) after 2 attempts: "
        "is the server running? set SUMMARIZER_BASE_URL"
    )
    assert len(sleeps.waits) == 1


async def test_a_refused_connection_is_tried_twice_whatever_the_retry_budget(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    sleeps = Sleeps()
    llm = make_llm(url, tmp_path, sleeps, transport_retries=6)
    with pytest.raises(EndpointError) as caught:  # a batch stops at an EndpointError
        await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    assert "after 2 attempts" in str(caught.value)
    assert len(sleeps.waits) == 1


async def test_article_text_is_sent_verbatim_never_rendered_as_a_template(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    """instructor renders messages as Jinja with its `context=`; ours must reach the model untouched."""
    fault_server.script = [(200, {}, completion("41")), (200, {}, completion("42"))]
    text = "Officials said {{ 6 * 7 }} troops {% if x %}arrived{% endif %} and {# not a comment #}."
    llm = make_llm(fault_server.url, tmp_path, Sleeps(), reasks=1)
    result = await llm.structured([{"role": "user", "content": text}], Answer, CONTEXT, "v1")
    await llm.aclose()
    assert all(r["body"]["messages"][0]["content"] == text for r in fault_server.requests)
    assert result.valid and result.data == {"answer": "42"}  # the context validator still re-asked "41"


async def test_reask_then_valid(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.script = [(200, {}, completion("41")), (200, {}, completion("42", 30, 6))]
    llm = make_llm(fault_server.url, tmp_path, Sleeps(), reasks=1)
    result = await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    assert result.valid and result.data == {"answer": "42"}
    assert (result.usage.attempts, result.usage.failed_attempts) == (2, 1)
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (40, 11)
    reask = fault_server.requests[1]["body"]["messages"]
    assert "not one of the allowed answers" in json.dumps(reask)  # instructor fed the error back


async def test_reasks_exhausted_keeps_the_unvalidated_object(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.script = [(200, {}, completion("41")), (200, {}, completion("40"))]
    llm = make_llm(fault_server.url, tmp_path, Sleeps(), reasks=1)
    result = await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    assert len(fault_server.requests) == 2  # reasks=1: two attempts, and no transport retry on top
    assert not result.valid and result.data == {"answer": "40"}  # the last attempt, parsed without context
    assert result.errors == ["answer: Value error, '40' is not one of the allowed answers"]
    assert (result.usage.attempts, result.usage.failed_attempts) == (2, 2)
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (20, 10)
    assert llm.cache.info()["entries"] == 1  # a model answer, even an invalid one, is cached


@pytest.mark.parametrize("mode", ["tools", "json"])
async def test_embedded_requests_through_an_override_url(
    fault_server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    try:
        gguf = embedded.model_path()
    except EmbeddedModelMissing:
        pytest.skip("embedded model not installed (its file name is part of the cache key)")
    monkeypatch.setenv("SUMMARIZER_EMBEDDED_URL", fault_server.url)
    json_reply = {**completion("42"), "choices": [{"index": 0, "finish_reason": "stop",
                  "message": {"role": "assistant", "content": '{"answer": "42"}'}}]}  # fmt: skip
    fault_server.script = [(200, {}, completion("42") if mode == "tools" else json_reply)]
    llm = LLM(Settings(mode=mode), Cache(tmp_path), sleep=Sleeps())
    result = await llm.structured(MESSAGES, Answer, CONTEXT, "v1")
    await llm.aclose()
    assert result.valid and result.data == {"answer": "42"}
    assert embedded.running_shared_server() is None  # the override means no server of our own
    assert llm.endpoint == f"embedded:{gguf.name}"  # the cache key never holds the port
    body = fault_server.requests[0]["body"]
    assert body["model"] == "smollm2" and body["repeat_penalty"] == 1.15
    if mode == "json":  # llama.cpp needs the schema in response_format to constrain the output
        # the schema the model sees: the bounds kept (the grammar needs them), no titles but the root's
        schema = {"properties": {"answer": {"maxLength": 20, "type": "string"}}, "required": ["answer"]}
        assert body["response_format"] == {
            "type": "json_object",
            "schema": {**schema, "type": "object", "title": "Answer"},
        }


def test_config_errors() -> None:
    cache = Cache(enabled=False)
    with pytest.raises(ConfigError, match=r"^SUMMARIZER_MODEL=gpt-4o-mini needs an endpoint: set SUMMARIZER_BASE_URL"):
        LLM(Settings(model="gpt-4o-mini"), cache)
    with pytest.raises(ConfigError, match="json_schema does not work with the embedded model"):
        LLM(Settings(mode="json_schema"), cache)
    with pytest.raises(ConfigError, match="needs a model"):
        LLM(Settings(base_url="http://localhost:11434/v1"), cache)
    local = LLM(Settings(model="qwen2.5:7b", base_url="http://localhost:11434/v1/"), cache)
    assert local.label == "qwen2.5:7b @ localhost:11434"
    assert local.endpoint == "http://localhost:11434/v1"
    remote = LLM(Settings(model="gpt-4o-mini", SUMMARIZER_API_KEY=API_KEY), cache)
    assert remote.label == "gpt-4o-mini @ api.openai.com"


# --- the policy itself, on constructed exceptions -------------------------------------------------

REQUEST = httpx2.Request("POST", "http://127.0.0.1:1/v1/chat/completions")


def status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    response = httpx2.Response(status, headers=headers or {}, request=REQUEST)
    classes = {
        400: openai.BadRequestError,
        401: openai.AuthenticationError,
        403: openai.PermissionDeniedError,
        404: openai.NotFoundError,
        429: openai.RateLimitError,
    }
    cls = classes.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
    return cls(f"HTTP {status}", response=response, body=None)


def wrapped(cause: BaseException) -> InstructorRetryException:
    """What instructor raises: `InstructorRetryException(...) from <last error>`."""
    try:
        raise InstructorRetryException(str(cause), n_attempts=1, total_usage=0) from cause
    except InstructorRetryException as exc:
        return exc


def validation_error() -> pydantic.ValidationError:
    try:
        Answer.model_validate({"answer": 3})
    except pydantic.ValidationError as exc:
        return exc
    raise AssertionError("expected a validation error")


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (openai.APIConnectionError(request=REQUEST), True),
        (openai.APITimeoutError(request=REQUEST), True),
        (status_error(429), True),
        (status_error(500), True),
        (status_error(502), True),
        (status_error(400), False),
        (status_error(401), False),
        (status_error(403), False),
        (status_error(404), False),
        (wrapped(openai.APIConnectionError(request=REQUEST)), True),
        (wrapped(status_error(503)), True),
        (wrapped(status_error(401)), False),
        (wrapped(validation_error()), False),
        (validation_error(), False),
        (ValueError("not ours"), False),
    ],
)
def test_is_transient(exc: BaseException, transient: bool) -> None:
    assert retry.is_transient(exc) is transient


def _state(exc: BaseException, attempt: int = 1) -> tenacity.RetryCallState:
    state = tenacity.RetryCallState(retry_object=tenacity.Retrying(), fn=None, args=(), kwargs={})
    state.attempt_number = attempt
    state.set_exception((type(exc), exc, None))
    return state


def test_wait_for_reads_retry_after_in_its_forms() -> None:
    assert retry.wait_for(_state(status_error(429, {"Retry-After": "7"}))) == 7.0
    assert retry.wait_for(_state(status_error(429, {"Retry-After-Ms": "2500"}))) == 2.5
    # Never sooner than the backoff: a short Retry-After must not spend the attempts in a second
    assert 1.0 <= retry.wait_for(_state(status_error(429, {"Retry-After-Ms": "50"}))) <= 2.0
    assert 4.0 <= retry.wait_for(_state(status_error(429, {"Retry-After": "1"}), attempt=3)) <= 5.0
    assert retry.wait_for(_state(wrapped(status_error(503, {"Retry-After": "3600"})))) == 60.0
    date = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8.0 <= retry.wait_for(_state(status_error(503, {"Retry-After": date}))) <= 10.0
    # Not on a 500, and not without the header: exponential backoff with jitter instead.
    assert 4.0 <= retry.wait_for(_state(status_error(500, {"Retry-After": "7"}), attempt=3)) <= 5.0
    assert 1.0 <= retry.wait_for(_state(status_error(429))) <= 2.0
    assert retry.wait_for(_state(status_error(429, {"Retry-After": "garbage"}))) <= 2.0


def test_sync_retrying_uses_the_same_policy() -> None:
    waits: list[float] = []
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise status_error(429, {"Retry-After": "5"})
        return "ok"

    assert retry.retrying(3, sleep=waits.append)(flaky) == "ok"
    assert waits == [5.0, 5.0]
    with pytest.raises(openai.AuthenticationError):
        retry.retrying(3, sleep=waits.append)(lambda: (_ for _ in ()).throw(status_error(401)))
