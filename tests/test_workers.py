"""The analysis in worker processes: the same briefs as in the main process, and a dead worker or a bad
file never loses an article."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402
from bench.fake_server import ThreadedFakeServer  # noqa: E402
from summarizer.api import Summarizer  # noqa: E402
from summarizer.batch.workers import auto_workers  # noqa: E402
from summarizer.model.settings import Settings  # noqa: E402

CORPUS = ROOT / "evals" / "datasets" / "kursk-2024" / "articles"


@pytest.fixture
def server() -> Any:
    running = ThreadedFakeServer()
    yield running
    running.close()


def _briefs(summarizer: Summarizer, paths: list[Path]) -> dict[str, dict[str, Any]]:
    out = {}
    for result in summarizer.summarize_many(paths):
        assert result.brief is not None, result.error
        out[result.source] = result.brief.model_dump(mode="json", exclude={"usage"})
    return out


def _started(summarizer: Summarizer) -> None:
    warm = summarizer.analyser.start()
    assert warm is not None
    warm.result(timeout=60)  # the workers have imported the analysis


def test_briefs_analysed_in_workers_equal_briefs_analysed_here(tmp_path: Path, server: Any) -> None:
    paths = sorted(CORPUS.glob("*.txt")) + write_corpus(tmp_path / "short", 3)
    settings = Settings(model="fake", base_url=server.url, concurrency=2, no_cache=True)
    with Summarizer(settings.with_overrides(workers=0)) as here:
        expected = _briefs(here, paths)
        assert here.analyser.done_in_workers == 0
    with Summarizer(settings.with_overrides(workers=1)) as pooled:
        _started(pooled)
        got = _briefs(pooled, paths)
        assert pooled.analyser.done_in_workers == len(paths)
    assert got == expected
    figures = sum(len(b["figures"]) for b in got.values())
    assert figures > 60  # the sample corpus alone has 65 figures: the comparison is not of empty briefs


def test_a_file_that_cannot_be_read_fails_alone_in_a_worker(tmp_path: Path, server: Any) -> None:
    paths = write_corpus(tmp_path / "corpus", 4)
    empty = tmp_path / "corpus" / "empty.txt"
    empty.write_text("")
    with Summarizer(Settings(model="fake", base_url=server.url, concurrency=2, workers=1)) as summarizer:
        _started(summarizer)
        results = {r.source: r for r in summarizer.summarize_many([*paths, empty])}
        assert summarizer.analyser.done_in_workers == 4
    assert results[str(empty)].error == f"{empty}: empty article (no text)"
    assert all(results[str(p)].brief is not None for p in paths)


def test_a_dead_worker_makes_the_rest_run_here(tmp_path: Path, server: Any) -> None:
    paths = write_corpus(tmp_path / "corpus", 6)
    with Summarizer(Settings(model="fake", base_url=server.url, concurrency=2, workers=1)) as summarizer:
        _started(summarizer)
        pool = summarizer.analyser._pool
        assert pool is not None
        for pid in list(pool._processes):  # no public way to reach a worker: the test kills it directly
            os.kill(pid, signal.SIGKILL)
        results = list(summarizer.summarize_many(paths))
        assert summarizer.analyser.done_in_workers == 0
    assert sorted(r.source for r in results if r.brief) == sorted(map(str, paths))


def test_a_machine_that_cannot_start_processes_analyses_here(
    tmp_path: Path, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarizer.batch.workers as workers

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError(38, "Function not implemented")  # what sem_open gives where there is no /dev/shm

    monkeypatch.setattr(workers, "ProcessPoolExecutor", refuse)
    paths = write_corpus(tmp_path / "corpus", 10)
    with Summarizer(Settings(model="fake", base_url=server.url, concurrency=2, workers=2)) as summarizer:
        results = list(summarizer.summarize_many(paths))  # fills the window: the pool is asked for
        assert summarizer.analyser.workers == 0 and summarizer.analyser.done_in_workers == 0
    assert sorted(r.source for r in results if r.brief) == sorted(map(str, paths))


def test_no_workers_unless_asked_through_the_api_and_one_fewer_than_the_cpus_in_the_cli(server: Any) -> None:
    from summarizer.cli.main import make_summarizer

    assert Settings().workers == 0
    with make_summarizer(model="fake", base_url=server.url) as summarizer:
        assert summarizer.settings.workers == auto_workers() == min(len(os.sched_getaffinity(0)) - 1, 8)
    with make_summarizer(model="fake", base_url=server.url, workers=0) as summarizer:
        assert summarizer.settings.workers == 0  # told: 0 is not "unset"


def _children(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_kill_9_leaves_no_worker_fork_server_or_resource_tracker(tmp_path: Path) -> None:
    import subprocess
    import time

    from bench.fake_server import spawned

    write_corpus(tmp_path / "corpus", 60)
    with spawned(delay=0.3) as url:
        env = {**os.environ, "SUMMARIZER_BASE_URL": url, "SUMMARIZER_MODEL": "fake"}
        env["SUMMARIZER_CACHE_DIR"] = str(tmp_path / "cache")
        command = [sys.executable, "-m", "summarizer", "summarize", str(tmp_path / "corpus")]
        command += ["-o", str(tmp_path / "b.jsonl"), "--concurrency", "4", "--workers", "1"]
        run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        helpers: list[int] = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the resource tracker, the fork server, and its worker
            helpers = _children(run.pid)
            workers = [w for h in helpers for w in _children(h)]
            if len(helpers) >= 2 and workers:
                helpers += workers
                break
            time.sleep(0.1)
        assert len(helpers) >= 3, "the worker processes did not start"
        run.kill()
        run.wait(10)
        deadline = time.monotonic() + 10
        while any(map(_alive, helpers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [pid for pid in helpers if _alive(pid)]
        for pid in left:  # so a failure does not leave them behind either
            os.kill(pid, signal.SIGKILL)
        assert left == []
