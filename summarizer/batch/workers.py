"""Where the analysis of an article runs: in the event loop's thread, or in worker processes for batches.

On real articles the analysis (`analysis.analyse`) is 20-30 ms of CPU each, mostly figures and names
(sample corpus, `bench/`). In the event loop's one thread that caps a batch at ~35 articles a second
whatever the concurrency, and every request waiting to go out waits behind it. So once a batch fills the
pool's window, the analysis moves to worker processes: one fewer than the CPUs, at most 8.

Callers may rely on: the `Analysis` is the same wherever it ran; until the workers are up (they import
the analysis modules, about a second) articles are analysed here, so starting them never delays a
batch; a worker that dies makes the rest run here and never fails an article; worker processes ignore
Ctrl-C, which is the parent's to handle, and end as soon as the parent is gone, however it went (kill -9
included): the fork server and the resource tracker then end too, and nothing keeps the terminal open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from summarizer.extract.analysis import Analysis, Source, analyse

MAX_AUTO_WORKERS = 8
log = logging.getLogger("summarizer.batch.workers")


def auto_workers() -> int:
    """One fewer than the CPUs this process may use (the event loop keeps one), at most 8."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(0, min(cpus - 1, MAX_AUTO_WORKERS))


class Analyser:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lifeline: tuple[Any, Any] | None = None  # (read end the workers watch, write end kept here)
        self._ready = False  # set from the pool's thread when the first worker has imported everything
        self.done_in_workers = 0  # analyses that came back from a worker
        self.worker_cpu = 0.0  # CPU seconds they took there
        self.worker_peak_rss = 0  # KiB, the largest any worker reached

    def start(self) -> Future[None] | None:
        """Start the worker processes in the background; the future is done when they can take work.
        None with 0 workers or when already started."""
        if self.workers < 1 or self._pool is not None:
            return None
        # forkserver: workers are forked from a clean process that has imported the analysis once,
        # not from this one (its threads and open connections are not theirs to inherit)
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["summarizer.extract.analysis"])
        try:
            # Workers block on their task queue, whose write end they hold themselves, so a parent killed
            # with -9 never wakes them; they in turn keep the fork server (and it the resource tracker)
            # alive. A pipe whose only write end is here ends when this process does, however it ends.
            self._lifeline = context.Pipe(duplex=False)
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker, initargs=(self._lifeline[0],)
            )
            warm = self._pool.submit(_warm)
        except (OSError, RuntimeError, NotImplementedError) as exc:  # no processes here (sandbox, no sem_open)
            log.info("analysing in this process: cannot start worker processes (%s)", exc)
            self.workers = 0
            return None
        warm.add_done_callback(self._warmed)
        return warm

    def _warmed(self, done: Future[None]) -> None:
        self._ready = not done.cancelled() and done.exception() is None

    async def analyse(self, source: Source) -> Analysis:
        if not self._ready or self._pool is None:
            return analyse(source)
        try:
            analysis, cpu, rss = await asyncio.get_running_loop().run_in_executor(self._pool, _measured, source)
        except BrokenProcessPool:  # a worker died (killed, out of memory): the rest run here
            self._ready = False
            return analyse(source)
        self.done_in_workers += 1
        self.worker_cpu += cpu
        self.worker_peak_rss = max(self.worker_peak_rss, rss)
        return analysis

    def close(self) -> None:
        if self._pool is not None:
            self._ready = False
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._lifeline is not None:  # after the workers are gone: closing it first would end them
            for end in self._lifeline:
                end.close()
            self._lifeline = None


def _start_worker(lifeline: Any) -> None:
    """Runs in each worker as it starts: ignore Ctrl-C, and end when the parent's end of `lifeline` closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, args=(lifeline,), daemon=True).start()


def _end_with_parent(lifeline: Any) -> None:
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()  # the parent never sends: this returns only when its end is closed
    os._exit(0)


def _measured(source: Source) -> tuple[Analysis, float, int]:
    """Runs in a worker: the analysis, its CPU seconds and the worker's peak RSS so far (KiB). The parent
    cannot see these otherwise: the workers are the fork server's children, not its own."""
    started = time.process_time()
    analysis = analyse(source)
    return analysis, time.process_time() - started, _peak_rss_kib()


def _peak_rss_kib() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes, Linux KiB


def _warm() -> None:
    """Runs in a worker: by the time it returns, the analysis modules are imported there."""
    from summarizer.extract import analysis  # noqa: F401
