"""Faults of the endpoint, tried as a user meets them: `bench.fake_server` (real HTTP on 127.0.0.1) plays
429 storms, 5xx, broken answers and resets on chosen requests (`bench.faults`); each test checks the
message, the exit code, what is kept and what is cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from bench.faults import FaultPlan  # noqa: E402
from summarizer.cli.main import main  # noqa: E402
from summarizer.errors import ModelError  # noqa: E402
from summarizer.model.cache import Cache  # noqa: E402
from summarizer.model.llm import LLM  # noqa: E402
from summarizer.model.settings import Settings  # noqa: E402


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start fake servers with a fault plan; all are closed at the end."""
    servers: list[ThreadedFakeServer] = []

    def start(faults: str = "") -> ThreadedFakeServer:
        servers.append(ThreadedFakeServer(faults=faults))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def use(server: ThreadedFakeServer, monkeypatch: pytest.MonkeyPatch, retries: int = 0) -> None:
    monkeypatch.setenv("SUMMARIZER_BASE_URL", server.url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_RETRIES", str(retries))
    monkeypatch.setenv("SUMMARIZER_NO_JUDGE", "1")  # these count the brief calls; the judge has its own tests


def run(*args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--workers", "0"])


def errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_fault_plans_choose_requests() -> None:
    plan = FaultPlan("1-3=429:1, 5=reset, 7-=truncate")
    kinds = [(f.kind, f.status, f.headers) if f else None for f in map(plan.fault_for, range(1, 9))]
    assert kinds[0] == ("status", 429, (("Retry-After", "1"),)) and kinds[2] == kinds[0]
    assert kinds[3] is None and kinds[4][0] == "reset" and kinds[5] is None
    assert kinds[6][0] == kinds[7][0] == "truncate"
    assert FaultPlan("*=429ms:50").fault_for(10).headers == (("retry-after-ms", "50"),)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("badjson", "sent a broken answer (the body is not JSON)"),
        ("empty", "sent a broken answer (no choices)"),
        ("truncate", "broke (the answer was cut short)"),
    ],
)
def test_a_broken_answer_is_never_an_answer_nor_cached(
    serve: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fault: str, reason: str
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "briefs.jsonl"
    use(serve(f"*={fault}"), monkeypatch)
    broken = run("summarize", str(corpus), "-o", str(out))
    assert broken.exit_code == 1, broken.output
    assert len(errors(broken)) == 1 and reason in errors(broken)[0], broken.stderr
    assert "Traceback" not in broken.output and "InstructorRetryException" not in broken.stderr
    assert Cache(tmp_path / "cache").info()["entries"] == 0  # nothing cached
    assert not out.exists() or out.read_text() == ""

    fixed = serve()
    use(fixed, monkeypatch)
    again = run("summarize", str(corpus), "-o", str(out))
    assert again.exit_code == 0, again.output
    assert fixed.stats()["requests"] == 3  # every article asked anew: no fallback was kept from the fault
    briefs = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(b["headline"]["origin"] == "model" for b in briefs)


class Answer(BaseModel):
    answer: str


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.mark.parametrize("fault", ["429", "429:1", "429ms:50"])
async def test_a_429_storm_is_ridden_out_whatever_the_header(serve: Any, tmp_path: Path, fault: str) -> None:
    server = serve(f"1-8={fault}")
    sleeps = Sleeps()
    settings = Settings(base_url=server.url, model="fake", transport_retries=2, reasks=0)
    llm = LLM(settings, Cache(tmp_path / "cache"), sleep=sleeps)
    result = await llm.structured([{"role": "user", "content": "hi"}], Answer, {}, "v1")
    await llm.aclose()
    assert result.valid and result.usage.attempts == 9  # 8 rate-limited, then the answer
    retry_waits = sleeps.waits[1::2]  # each retry waits out the pool's hold, then its own backoff
    assert all(w >= 1.0 for w in retry_waits)  # never sooner than the backoff, even for retry-after-ms: 50
    assert sum(retry_waits) <= settings.retry_seconds


async def test_a_429_storm_ends_when_its_time_is_up(serve: Any, tmp_path: Path) -> None:
    server = serve("*=429ms:50")
    sleeps = Sleeps()
    settings = Settings(base_url=server.url, model="fake", transport_retries=2, reasks=0, retry_seconds=60)
    llm = LLM(settings, Cache(tmp_path / "cache"), sleep=sleeps)
    with pytest.raises(ModelError, match=r"answered HTTP 429 after \d+ attempts: fault injected") as caught:
        await llm.structured([{"role": "user", "content": "hi"}], Answer, {}, "v1")
    await llm.aclose()
    requests = server.stats()["requests"]
    assert 3 < requests < 15 and caught.value.attempts == requests
    assert sum(sleeps.waits[1::2]) <= 60


def test_one_reset_fails_one_article_not_the_run(serve: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    out = tmp_path / "briefs.jsonl"
    use(serve("3=reset"), monkeypatch)
    result = run("summarize", str(corpus), "-o", str(out), "--concurrency", "2")
    assert result.exit_code == 1
    assert len(out.read_text().splitlines()) == 11  # every other article was tried and written
    [line] = errors(result)
    assert "broke (the answer was cut short) after 1 attempt" in line
    assert "not attempted" not in result.stderr and "is the server running" not in line
    assert "12 model calls" in result.stderr  # the failed call counts too


def test_a_failed_summary_call_falls_back_and_keeps_the_briefing(
    serve: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "briefing.json"
    use(serve("4-=500"), monkeypatch)  # the three articles answer; every briefing call gets HTTP 500
    result = run("brief", str(corpus), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    briefing = json.loads(out.read_text())
    assert len(briefing["sources"]) == 3 and briefing["executive_summary"]
    assert briefing["executive_summary_origin"] == "fallback"
    assert any("the model call failed" in note and "HTTP 500" in note for note in briefing["notes"])
    assert "warning: executive summary drawn from the records: the model call failed" in result.stderr


@pytest.mark.parametrize("key", ["sk-live-0123456789abcdef", "my-ollama-token-XYZ"])
def test_verbose_logs_never_show_the_key(serve: Any, tmp_path: Path, key: str) -> None:
    server = serve("*=echo")  # a 401 whose message repeats the key it was sent, as OpenAI's does in part
    write_corpus(tmp_path / "corpus", 1)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SUMMARIZER_BASE_URL": server.url,
        "SUMMARIZER_MODEL": "fake",
        "SUMMARIZER_API_KEY": key,
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_NO_JUDGE": "1",
    }
    command = [sys.executable, "-m", "summarizer", "-v", "summarize", str(tmp_path / "corpus"), "--workers", "0"]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Incorrect API key provided: ***" in run.stderr  # the line is there, the key is not
    assert key not in run.stderr and key not in run.stdout


def test_only_a_connection_never_made_stops_a_batch() -> None:
    import errno

    import aiohttp
    import httpx2
    import openai
    from aiohttp.client_reqrep import ConnectionKey

    from summarizer.model import retry

    request = httpx2.Request("POST", "http://10.0.0.1/v1/chat/completions")  # never sent: an error's context

    def failed(cause: BaseException) -> openai.APIConnectionError:
        error = openai.APIConnectionError(request=request)
        error.__cause__ = cause
        return error

    key = ConnectionKey("10.0.0.1", 80, False, True, None, None, None)
    no_route = aiohttp.ClientConnectorError(key, OSError(errno.EHOSTUNREACH, "No route to host"))
    assert retry.unreachable(failed(no_route))  # no connection could be made: no request will get through
    cut = aiohttp.ClientPayloadError("Response payload is not completed")
    assert not retry.unreachable(failed(cut))  # made, then broke: that call's failure only
    assert not retry.unreachable(failed(ConnectionResetError(104, "Connection reset by peer")))
