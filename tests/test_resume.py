"""Resumable runs: briefs written as they finish, a re-run does only what is left, Ctrl-C keeps the work.

Model calls go to `bench.fake_server` (real HTTP on 127.0.0.1), which counts the requests per article.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from summarizer.batch.briefs_file import HASH_KEY, BriefsFile, content_hash  # noqa: E402
from summarizer.cli.main import main  # noqa: E402
from summarizer.schemas import ArticleBrief  # noqa: E402


@pytest.fixture
def fake() -> Iterator[ThreadedFakeServer]:
    server = ThreadedFakeServer()
    yield server
    server.close()


@pytest.fixture
def fake_env(fake: ThreadedFakeServer, monkeypatch: pytest.MonkeyPatch) -> ThreadedFakeServer:
    monkeypatch.setenv("SUMMARIZER_BASE_URL", fake.url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    monkeypatch.setenv("SUMMARIZER_NO_JUDGE", "1")  # these count the brief calls; the judge has its own tests
    return fake


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_is_written_then_resumed_without_calls(fake_env: ThreadedFakeServer, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", 6)
    out = tmp_path / "briefs.jsonl"
    runner = CliRunner()
    first = runner.invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out), "--concurrency", "3"])
    assert first.exit_code == 0, first.output
    assert "6 of 6 briefs" in first.stderr and "6 model calls" in first.stderr
    records = lines(out)
    assert sorted(r["source"] for r in records) == [str(p) for p in paths]
    assert all(r[HASH_KEY] == content_hash(r["source"]) for r in records)
    ArticleBrief.model_validate(records[0])  # the extra key does not stop readers of ArticleBrief

    paths[2].write_text(paths[2].read_text() + "\nA late paragraph was added to the report.\n")
    again = runner.invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert "6 of 6 briefs" in again.stderr and "1 model calls" in again.stderr and "5 already in" in again.stderr
    records = lines(out)
    assert Counter(r["source"] for r in records) == Counter(str(p) for p in paths)  # each once
    assert fake_env.stats()["requests"] == 7

    fresh = runner.invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out), "--no-resume"])
    assert fresh.exit_code == 0 and "6 from cache" in fresh.stderr  # redone, from the cache
    assert len(lines(out)) == 6 and fake_env.stats()["requests"] == 7


def test_one_failure_loses_nothing_and_is_listed(fake_env: ThreadedFakeServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "briefs.jsonl"
    result = CliRunner().invoke(main, ["summarize", str(corpus), "-o", str(out)])
    assert result.exit_code == 1
    assert len(lines(out)) == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    why = "looks like a binary file, not an article (.txt, .md, .html or .pdf)"
    assert errors == [f"error: {corpus / 'broken.txt'}: {why}"]
    assert "1 failed (listed above)" in result.stderr


def test_briefs_file_drops_cut_lines_and_stale_briefs(tmp_path: Path) -> None:
    out = tmp_path / "briefs.jsonl"
    a, b, c = (tmp_path / f"{n}.txt" for n in "abc")
    for path in (a, b, c):
        path.write_text(f"article {path.stem}")
    good = {"source": str(a), "model": "m", HASH_KEY: content_hash(a)}
    stale = {"source": str(b), "model": "m", HASH_KEY: "0" * 64}
    other_model = {"source": str(c), "model": "other", HASH_KEY: content_hash(c)}
    outside = {"source": "elsewhere.txt", "model": "m", HASH_KEY: "1" * 64}
    text = "".join(json.dumps(r) + "\n" for r in (good, stale, other_model, outside)) + '{"source": "cut'
    out.write_text(text)
    briefs = BriefsFile(out, model="m")
    assert briefs.done(str(a), content_hash(a))
    assert not briefs.done(str(b), content_hash(b)) and not briefs.done(str(c), content_hash(c))
    briefs.open({str(p): content_hash(p) for p in (a, b, c)}).close()
    assert [r["source"] for r in lines(out)] == [str(a), "elsewhere.txt"]  # other runs' lines are kept
    assert briefs.kept == 2 and briefs.dropped == 3


def _post_stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/v1/stats", timeout=5) as response:
        return json.loads(response.read())


def _start_fake(delay: float) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.fake_server", "--delay", str(delay)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    ready = server.stdout.readline().strip()
    assert ready.startswith("READY "), ready
    return server, ready.split()[1]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_restarts_with_no_article_done_twice(tmp_path: Path, signum: int) -> None:
    server, url = _start_fake(delay=0.25)
    try:
        corpus = tmp_path / "corpus"
        paths = write_corpus(corpus, 40)
        out = tmp_path / "briefs.jsonl"
        env = {**os.environ, "SUMMARIZER_BASE_URL": url, "SUMMARIZER_MODEL": "fake", "SUMMARIZER_NO_JUDGE": "1"}
        command = [sys.executable, "-m", "summarizer", "summarize", str(corpus), "-o", str(out), "--concurrency", "4"]
        run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 15
        while (not out.exists() or len(out.read_text().splitlines()) < 8) and time.monotonic() < deadline:
            time.sleep(0.05)
        run.send_signal(signum)
        _, stderr = run.communicate(timeout=15)
        assert run.returncode == 128 + signum, stderr
        assert "Traceback" not in stderr
        assert "interrupted:" in stderr and "run the same command again to resume" in stderr
        written = len(lines(out))
        assert 8 <= written < 40

        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
        assert again.returncode == 0, again.stderr
        assert f"{written} already in" in again.stderr
        records = lines(out)
        assert Counter(r["source"] for r in records) == Counter(str(p) for p in paths)  # each exactly once
        stats = _post_stats(url)
        assert stats["requests"] == 40 and set(stats["by_article"].values()) == {1}  # no article asked twice
    finally:
        server.terminate()
        server.wait(5)
        if server.stdout:
            server.stdout.close()


def test_a_second_run_on_the_same_file_is_refused_while_the_first_holds_it(
    fake_env: ThreadedFakeServer, tmp_path: Path
) -> None:
    write_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "briefs.jsonl"
    with BriefsFile(out, model="another run"):  # a run in progress
        second = CliRunner().invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out)])
    assert second.exit_code == 2
    assert second.stderr.strip() == (
        f"Error: {out}: another run is writing it (it holds {out}.lock); wait for it to end, or write to another file"
    )
    assert fake_env.stats()["requests"] == 0  # refused before any model call
    after = CliRunner().invoke(main, ["summarize", str(tmp_path / "corpus"), "-o", str(out)])
    assert after.exit_code == 0 and len(lines(out)) == 3  # the lock went with the first run


def test_two_runs_at_once_write_each_source_once(tmp_path: Path) -> None:
    server, url = _start_fake(delay=0.2)
    try:
        paths = write_corpus(tmp_path / "corpus", 30)
        out = tmp_path / "briefs.jsonl"
        env = {**os.environ, "SUMMARIZER_BASE_URL": url, "SUMMARIZER_MODEL": "fake", "SUMMARIZER_NO_JUDGE": "1"}
        command = [sys.executable, "-m", "summarizer", "summarize", str(tmp_path / "corpus"), "-o", str(out)]
        runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(run.wait(60), run.communicate()[1]) for run in runs]
        assert sorted(code for code, _ in results) == [0, 2], results
        [refusal] = [err for code, err in results if code == 2]
        assert "another run is writing it" in refusal and "Traceback" not in refusal
        assert Counter(r["source"] for r in lines(out)) == Counter(str(p) for p in paths)  # each once
    finally:
        server.terminate()
        server.wait(5)
        if server.stdout:
            server.stdout.close()


def test_a_file_with_a_source_twice_keeps_its_last_line(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("article a")
    first = {"source": str(a), "model": "m", HASH_KEY: content_hash(a), "n": 1}
    second = {**first, "n": 2}
    out = tmp_path / "briefs.jsonl"
    out.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n")
    with BriefsFile(out, model="m") as briefs:
        briefs.open({str(a): content_hash(a)})
    assert [r["n"] for r in lines(out)] == [2]
