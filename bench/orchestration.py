"""(1) Orchestration overhead: N articles through the pool against a server answering after L seconds, wall
time against the ideal N/C × L; (4) peak RSS of a `summarizer summarize` process by N."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_corpus
from bench.fake_server import fetch_stats, spawned


@dataclass
class Cell:
    kind: str  # "short" (synthetic, little code analysis) or "sample" (the sample corpus, unique titles)
    n: int
    c: int
    delay: float
    wall: float
    cpu: float  # client process CPU seconds
    requests: int
    workers: int = 0  # analysis worker processes (as the CLI chooses)
    in_workers: int = 0  # articles analysed there (the rest, while they started, in this process)
    worker_cpu: float = 0.0  # CPU seconds of those analyses
    worker_rss: float = 0.0  # MiB, the largest worker's peak RSS

    @property
    def ideal(self) -> float:
        return -(-self.n // self.c) * self.delay  # ceil(N/C) rounds of L

    @property
    def ratio(self) -> float:
        return self.wall / self.ideal


def run_cell(url: str, paths: list[Path], concurrency: int, delay: float, kind: str) -> Cell:
    """Summarize `paths` in this process (fresh cache, briefs to a JSONL file) and time it."""
    from summarizer.api import Summarizer
    from summarizer.batch.jsonl_run import JsonlRun
    from summarizer.batch.workers import auto_workers
    from summarizer.model.settings import Settings

    before = fetch_stats(url)["requests"]
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(model="fake", base_url=url, concurrency=concurrency, cache_dir=Path(scratch) / "cache")
        settings = settings.with_overrides(workers=auto_workers())  # as the CLI does
        with Summarizer(settings) as summarizer:
            started, cpu = time.perf_counter(), time.process_time()
            run = JsonlRun(summarizer, paths, Path(scratch) / "briefs.jsonl").run()
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            analyser = summarizer.analyser
    if run.failed or run.written != len(paths):
        raise RuntimeError(f"{len(run.failed)} failed: {run.failed[:1]}")
    requests = fetch_stats(url)["requests"] - before
    return Cell(
        kind,
        len(paths),
        concurrency,
        delay,
        wall,
        cpu,
        requests,
        settings.workers,
        analyser.done_in_workers,
        analyser.worker_cpu,
        analyser.worker_peak_rss / 1024,
    )


def overhead(ns: list[int], cs: list[int], delay: float, sample_n: int) -> list[Cell]:
    cells = []
    with tempfile.TemporaryDirectory() as scratch, spawned(delay) as url:
        short = write_corpus(Path(scratch) / "short", max(ns))
        # warm-up: imports (openai, instructor) and the first connection are paid once, not by the first cell
        run_cell(url, write_corpus(Path(scratch) / "warm", 2), 2, delay, "short")
        for n in ns:
            for c in cs:
                cells.append(run_cell(url, short[:n], c, delay, "short"))
                print(f"  {cells[-1].kind} N={n} C={c}: {cells[-1].wall:.2f} s", file=sys.stderr, flush=True)
        if sample_n:
            sample = write_corpus(Path(scratch) / "sample", sample_n, "sample")
            cells.append(run_cell(url, sample, max(cs), delay, "sample"))
    return cells


def peak_rss(ns: list[int], concurrency: int = 32, delay: float = 0.01) -> dict[int, tuple[float, float]]:
    """N -> (peak RSS MiB, seconds) of one `summarizer summarize DIR -o FILE.jsonl` process."""
    measure = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as scratch, spawned(delay) as url:
        for n in ns:
            corpus = Path(scratch) / f"c{n}"
            write_corpus(corpus, n)
            env = {**os.environ, "SUMMARIZER_BASE_URL": url, "SUMMARIZER_MODEL": "fake"}
            env["SUMMARIZER_CACHE_DIR"] = str(Path(scratch) / f"cache{n}")
            command = [sys.executable, "-m", "summarizer", "summarize", str(corpus), "-o", str(corpus / "b.jsonl")]
            command += ["--concurrency", str(concurrency)]
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", measure, *command], env=env, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(done.stderr[-500:])
            out[n] = (int(done.stdout.split()[-1]) / 1024, time.perf_counter() - started)
    return out
