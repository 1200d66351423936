"""Batch jobs: the pool (bounded, paced by 429s) and provider batch engines (prepare, submit, collect).

The line formats are checked against the OpenAI Batch API reference, written out here rather than taken
from our own code: input lines are {custom_id, method, url, body}; output lines {id, custom_id,
response: {status_code, request_id, body} | null, error: {code, message} | null}.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from openai.types.chat.completion_create_params import CompletionCreateParamsNonStreaming
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402
from bench.fake_answers import completion  # noqa: E402
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from summarizer.api import Summarizer  # noqa: E402
from summarizer.brief.draft import BriefDraft  # noqa: E402
from summarizer.cli.main import main  # noqa: E402
from summarizer.extract.analysis import read_figures  # noqa: E402
from summarizer.model.cache import Cache  # noqa: E402
from summarizer.model.llm import LLM  # noqa: E402
from summarizer.model.pace import Pace  # noqa: E402
from summarizer.model.settings import Settings  # noqa: E402
from summarizer.model.wire import chat_body  # noqa: E402
from summarizer.read.ingest import read_article  # noqa: E402

CORPUS = ROOT / "evals" / "datasets" / "kursk-2024" / "articles"
BATCH_URLS = {"/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations"}


def check_input_lines(text: str) -> list[dict[str, Any]]:
    """The Batch API's input file rules (JSONL, one request per line)."""
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert 0 < len(records) <= 50_000 and len(text.encode()) <= 200 * 1024 * 1024
    for record in records:
        assert set(record) == {"custom_id", "method", "url", "body"}
        assert isinstance(record["custom_id"], str) and 0 < len(record["custom_id"]) <= 64
        assert record["method"] == "POST"  # the only method
        assert record["url"] in BATCH_URLS and record["url"] == "/v1/chat/completions"
        body = record["body"]
        assert isinstance(body["model"], str) and body["messages"]
        for message in body["messages"]:
            assert message["role"] in {"system", "user", "assistant"} and isinstance(message["content"], str)
        for tool in body.get("tools", []):
            assert tool["type"] == "function" and tool["function"]["name"]
            jsonschema.Draft202012Validator.check_schema(tool["function"]["parameters"])
        if "tool_choice" in body:
            names = {t["function"]["name"] for t in body["tools"]}
            assert body["tool_choice"]["type"] == "function" and body["tool_choice"]["function"]["name"] in names
    assert len({r["custom_id"] for r in records}) == len(records)  # unique in the file
    assert len({r["body"]["model"] for r in records}) == 1  # one model per batch
    return records


def check_output_line(record: dict[str, Any]) -> None:
    assert set(record) == {"id", "custom_id", "response", "error"}
    assert isinstance(record["id"], str) and isinstance(record["custom_id"], str)
    if record["response"] is not None:
        response = record["response"]
        assert isinstance(response["status_code"], int) and isinstance(response["request_id"], str)
        assert isinstance(response["body"], dict)
    if record["error"] is not None:
        assert isinstance(record["error"]["code"], str) and isinstance(record["error"]["message"], str)


def output_line(i: int, custom_id: str, body: dict[str, Any] | None) -> str:
    response = {"status_code": 200, "request_id": f"req_{i}", "body": body} if body is not None else None
    error = None if body is not None else {"code": "batch_expired", "message": "This request could not be executed"}
    record = {"id": f"batch_req_{i}", "custom_id": custom_id, "response": response, "error": error}
    check_output_line(record)
    return json.dumps(record)


def keys_of_corpus(summarizer: Summarizer) -> dict[str, str]:
    keys = {}
    for path in sorted(CORPUS.glob("*.txt")):
        article = read_article(path)
        messages, _ = summarizer.pipeline.messages(article, read_figures(article))
        keys[summarizer.llm.cache_key(messages, BriefDraft, summarizer.pipeline.template.fingerprint)] = str(path)
    return keys


@pytest.fixture
def fake() -> Iterator[ThreadedFakeServer]:
    server = ThreadedFakeServer(keep_bodies=True)
    yield server
    server.close()


def test_prepare_writes_one_batch_api_request_per_article(tmp_path: Path) -> None:
    out = tmp_path / "requests.jsonl"
    result = CliRunner().invoke(main, ["batch", "prepare", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = check_input_lines(out.read_text(encoding="utf-8"))
    with Summarizer() as summarizer:
        assert {r["custom_id"] for r in records} == set(keys_of_corpus(summarizer))  # custom_id = cache key
    assert all(r["body"]["tools"][0]["function"]["name"] == "BriefDraft" for r in records)


def test_prepare_for_openai_uses_only_chat_completions_parameters(tmp_path: Path) -> None:
    with Summarizer(Settings(model="gpt-4o-mini", api_key="sk-test-0123456789")) as summarizer:
        article = read_article(sorted(CORPUS.glob("*.txt"))[0])
        figures = read_figures(article)
        messages, _ = summarizer.pipeline.messages(article, figures)
        body = chat_body(summarizer.llm, messages, BriefDraft, {"article": article, "figures": figures})
    assert set(body) <= set(CompletionCreateParamsNonStreaming.__annotations__)  # no llama.cpp extras
    assert body["model"] == "gpt-4o-mini" and body["temperature"] == 0.0 and body["seed"] == 0
    assert body["max_tokens"] == 1500 and body["tool_choice"]["function"]["name"] == "BriefDraft"


async def test_prepared_body_is_the_one_instructor_sends(fake: ThreadedFakeServer) -> None:
    summarizer = Summarizer(Settings(model="fake", base_url=fake.url, no_judge=True))
    path = sorted(CORPUS.glob("*.txt"))[1]
    brief = await summarizer.asummarize(path)
    await summarizer.llm.aclose()
    assert brief.usage.attempts == 1
    (sent,) = fake.stats()["bodies"]
    article = read_article(path)
    figures = read_figures(article)
    messages, _ = summarizer.pipeline.messages(article, figures)
    assert chat_body(summarizer.llm, messages, BriefDraft, {"article": article, "figures": figures}) == sent
    key = summarizer.llm.cache_key(messages, BriefDraft, summarizer.pipeline.template.fingerprint)
    assert summarizer.cache.get(key) is not None  # the custom_id is where the interactive answer went


def test_collect_fills_the_cache_and_summarize_then_calls_no_model(tmp_path: Path) -> None:
    runner = CliRunner()
    requests = tmp_path / "requests.jsonl"
    assert runner.invoke(main, ["batch", "prepare", str(CORPUS), "-o", str(requests)]).exit_code == 0
    records = check_input_lines(requests.read_text(encoding="utf-8"))
    with Summarizer() as summarizer:
        paths = keys_of_corpus(summarizer)
    good = [output_line(i, r["custom_id"], completion(r["body"])) for i, r in enumerate(records)]
    bad = completion(records[0]["body"])  # a quote the article does not hold fails the validators
    arguments = json.loads(bad["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    arguments["quotes"] = [{"quote": "we will never ever surrender to anyone", "speaker": "Zelensky"}]
    bad["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = json.dumps(arguments)
    results = tmp_path / "results.jsonl"
    lines = [output_line(0, records[0]["custom_id"], bad), *good[1:], output_line(9, "0" * 64, None)]
    lines.append(output_line(10, "f" * 64, completion(records[1]["body"])))
    results.write_text("\n".join(lines) + "\n")

    first = runner.invoke(main, ["batch", "collect", str(results), "--corpus", str(CORPUS)])
    assert first.exit_code == 1
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert errors[0].startswith(f"error: {paths[records[0]['custom_id']]}: the answer fails the checks: ")
    assert "quotes[0] is not copied word for word" in errors[0]
    assert errors[1] == "error: results line 6: the batch engine reported an error: This request could not be executed"
    assert errors[2].startswith("error: results line 7: custom_id ffffffffffffffff... matches no article")
    assert "4 answers checked and cached; 3 refused" in first.stderr

    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text("\n".join(good) + "\n")
    briefs = tmp_path / "briefs.jsonl"
    second = runner.invoke(main, ["batch", "collect", str(fixed), "--corpus", str(CORPUS), "-o", str(briefs)])
    assert second.exit_code == 0, second.output
    assert "1 answers checked and cached, 4 were already cached; 0 refused" in second.stderr
    assert "5 briefs in" in second.stderr and "(0 model calls)" in second.stderr
    assert len(briefs.read_text().splitlines()) == 5

    # conftest points the embedded model at a closed port with no retries: any model call would fail
    summarized = runner.invoke(main, ["summarize", str(CORPUS), "--format", "json"])
    assert summarized.exit_code == 0, summarized.output
    assert "5 of 5 briefs" in summarized.stderr and "0 model calls, 5 from cache" in summarized.stderr
    assert all(b["headline"]["origin"] == "model" for b in json.loads(summarized.stdout))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_submit_without_network_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    requests = tmp_path / "requests.jsonl"
    assert CliRunner().invoke(main, ["batch", "prepare", str(CORPUS), "-o", str(requests)]).exit_code == 0
    no_key = CliRunner().invoke(main, ["batch", "submit", str(requests)])
    assert no_key.exit_code == 2 and "needs a key: set OPENAI_API_KEY" in no_key.stderr
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-0123456789abcdef")
    monkeypatch.setenv("SUMMARIZER_BASE_URL", f"http://127.0.0.1:{_closed_port()}/v1")
    result = CliRunner().invoke(main, ["batch", "submit", str(requests)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: cannot submit {requests}: cannot reach the model endpoint at http://127.0.0.1:")
    assert "(connection refused)" in line and "sk-test" not in line


def test_submit_then_collect_by_batch_id(fake: ThreadedFakeServer, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SUMMARIZER_BASE_URL", fake.url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    monkeypatch.setenv("SUMMARIZER_NO_JUDGE", "1")  # these count the brief calls; the judge has its own tests
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    requests = tmp_path / "requests.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", "prepare", str(corpus), "-o", str(requests)]).exit_code == 0
    submitted = runner.invoke(main, ["batch", "submit", str(requests)])
    assert submitted.exit_code == 0, submitted.output
    batch_id = submitted.stdout.strip()
    assert batch_id == "batch_1" and fake.server.batches.purposes == ["batch"]
    assert fake.server.batches.batches[batch_id]["endpoint"] == "/v1/chat/completions"
    collected = runner.invoke(main, ["batch", "collect", batch_id, "--corpus", str(corpus)])
    assert collected.exit_code == 0, collected.output
    assert "3 answers checked and cached" in collected.stderr
    summarized = runner.invoke(main, ["summarize", str(corpus), "-o", str(tmp_path / "b.jsonl")])
    assert "0 model calls, 3 from cache" in summarized.stderr
    assert fake.stats()["requests"] == 0  # no chat call was ever made


def test_the_pool_keeps_at_most_concurrency_calls_in_flight(tmp_path: Path) -> None:
    server = ThreadedFakeServer(delay=0.1)
    try:
        paths = write_corpus(tmp_path / "corpus", 9)
        with Summarizer(Settings(model="fake", base_url=server.url, concurrency=3, no_judge=True)) as summarizer:
            results = list(summarizer.summarize_many(paths))
        assert sorted(r.source for r in results if r.brief) == [str(p) for p in paths]
        assert server.stats()["max_in_flight"] == 3
    finally:
        server.close()


async def test_calls_in_flight_are_bounded_for_every_caller_of_one_llm(tmp_path: Path) -> None:
    # the bound sits on the HTTP call itself, so calls made outside the article pool (the briefing's
    # reduce step, a program calling `structured` directly) are bounded too
    server = ThreadedFakeServer(delay=0.1)
    try:
        llm = LLM(Settings(model="fake", base_url=server.url, concurrency=2, reasks=0), Cache(tmp_path / "cache"))
        asks = [llm.structured([{"role": "user", "content": f"question {n}"}], Answer, {}, "v1") for n in range(6)]
        results = await asyncio.gather(*asks)
        await llm.aclose()
        assert all(r.valid for r in results)
        assert server.stats()["requests"] == 6
        assert server.stats()["max_in_flight"] == 2
    finally:
        server.close()


def test_an_answered_call_frees_its_slot_before_the_answer_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checks (validators, assembly) are CPU work that must not hold a call slot: with one slot and
    # one article, the slot is free while its answer is checked, so another article's request could go.
    import summarizer.brief.draft as draft

    held_while_checking: list[bool] = []
    original = draft.find_problems

    def recording(*args: Any) -> Any:
        held_while_checking.append(summarizer.llm.slots.locked())
        return original(*args)

    monkeypatch.setattr(draft, "find_problems", recording)
    server = ThreadedFakeServer()
    try:
        paths = write_corpus(tmp_path / "corpus", 1)
        with Summarizer(Settings(model="fake", base_url=server.url, concurrency=1, no_judge=True)) as summarizer:
            results = list(summarizer.summarize_many(paths))
        assert results[0].brief is not None
        assert held_while_checking == [False]  # checked once by the validator, with the slot free
    finally:
        server.close()


def test_one_summarizer_serves_several_event_loops(tmp_path: Path) -> None:
    # A program may call the async API from several asyncio.run()s, then the sync API: connections and
    # asyncio primitives cannot move between loops, so each loop gets its own client.
    server = ThreadedFakeServer()
    try:
        paths = write_corpus(tmp_path / "corpus", 4)
        summarizer = Summarizer(
            Settings(model="fake", base_url=server.url, concurrency=2, cache_dir=tmp_path, no_judge=True)
        )

        async def run(batch: list[Path]) -> list[Any]:
            return [r async for r in summarizer.asummarize_many(batch)]

        first, second = asyncio.run(run(paths[:2])), asyncio.run(run(paths[2:]))
        assert [r.error for r in first + second] == [None] * 4
        assert summarizer.summarize(paths[0]).headline.value == "Harbor traffic report number 0"  # from the cache
        summarizer.close()
        assert server.stats()["requests"] == 4
    finally:
        server.close()


class Answer(BaseModel):
    answer: str


async def test_a_429_holds_the_whole_pool_for_its_retry_after(tmp_path: Path) -> None:
    server = ThreadedFakeServer(rate_limit=1, retry_after=0.5)
    try:
        settings = Settings(model="fake", base_url=server.url, transport_retries=2, reasks=0)
        llm = LLM(settings, Cache(tmp_path / "cache"))

        def ask(n: int) -> Any:
            return llm.structured([{"role": "user", "content": f"question {n}"}], Answer, {}, "v1")

        first = asyncio.ensure_future(ask(0))
        while llm.pace.holds == 0:  # until the client has seen the 429
            await asyncio.sleep(0.005)
        others = await asyncio.gather(ask(1), ask(2))
        assert (await first).valid and all(o.valid for o in others)
        await llm.aclose()
        stats = server.stats()
        limited = stats["limited"][0]
        assert stats["requests"] == 4 and len(stats["limited"]) == 1
        assert all(t >= limited + 0.45 for t in stats["arrivals"][1:])  # nobody sent before Retry-After ran out
    finally:
        server.close()


async def test_pace_waits_for_others_holds_but_not_its_own() -> None:
    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    pace = Pace(sleep=sleep, clock=lambda: now[0])
    own = pace.hold(2.0)
    assert pace.hold(1.0) == own  # a shorter hold never shortens the one in force
    await pace.wait(own=own)
    assert waits == []  # the caller that was told to wait already waits in its retry loop
    await pace.wait()
    assert waits == [2.0] and pace.holds == 2
    await pace.wait()
    assert waits == [2.0]  # the hold is over
