"""(2) Cache: CLI processes timed from start to end, cold (answers from the fake server) and fully cached."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import SAMPLE
from bench.fake_server import spawned

SUMMARIZER = [sys.executable, "-m", "summarizer"]


def timed(command: list[str], env: dict[str, str], repeat: int = 1) -> float:
    """Median wall seconds of `repeat` runs (each must succeed)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command[2:])} failed: {done.stderr.strip()[-400:]}")
    return statistics.median(times)


def cache_rows(repeat: int = 5) -> list[tuple[str, float]]:
    """(what, seconds) for --help, summarize and brief of the sample corpus, cold and fully cached."""
    rows = []
    with tempfile.TemporaryDirectory() as scratch, spawned(0.0) as url:
        env = {**os.environ, "SUMMARIZER_BASE_URL": url, "SUMMARIZER_MODEL": "fake"}
        env["SUMMARIZER_CACHE_DIR"] = str(Path(scratch) / "cache")
        out = Path(scratch)
        rows.append(("summarizer --help", timed([*SUMMARIZER, "--help"], env, repeat)))
        summarize = [*SUMMARIZER, "summarize", str(SAMPLE), "--format", "json", "-o", str(out / "b.json")]
        rows.append(("summarize sample corpus, cold (fake server, L=0)", timed(summarize, env)))
        rows.append(("summarize sample corpus, fully cached", timed(summarize, env, repeat)))
        brief = [*SUMMARIZER, "brief", str(SAMPLE), "-o", str(out / "briefing.md")]
        rows.append(("brief sample corpus, cold (fake server, L=0)", timed(brief, env)))
        rows.append(("brief sample corpus, fully cached", timed(brief, env, repeat)))
    return rows


def embedded_cached_brief(cache_dir: Path, repeat: int = 5) -> float:
    """`summarizer brief` of the sample corpus with the embedded model, all answers in `cache_dir`
    (filled by an earlier real run); the endpoint is a closed port, so a miss would fail, not call."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_") and k != "OPENAI_API_KEY"}
    env |= {"SUMMARIZER_CACHE_DIR": str(cache_dir), "SUMMARIZER_EMBEDDED_URL": "http://127.0.0.1:9/v1"}
    env["SUMMARIZER_TRANSPORT_RETRIES"] = "0"
    with tempfile.TemporaryDirectory() as scratch:
        return timed([*SUMMARIZER, "brief", str(SAMPLE), "-o", str(Path(scratch) / "b.md")], env, repeat)
