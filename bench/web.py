"""Reading a feed's pages from the web (`summarizer.read.sources.gather`): a cold run downloads every page,
a re-run only revalidates (304) and reads the cached bodies. The site is `bench/web_site.py` on 127.0.0.1,
answering each request after a fixed delay L, as a distant server would; pages are fetched 8 at a time."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.web_site import Site
from summarizer.read.sources import FETCH_THREADS, ReadOptions, gather


@dataclass
class Run:
    what: str
    pages: int
    wall: float
    cpu: float
    downloaded: int  # 200 answers the site sent
    revalidated: int  # 304 answers


def feed_runs(pages: int, delay: float) -> list[Run]:
    site = Site(pages=pages, delay=delay)
    runs = []
    try:
        with tempfile.TemporaryDirectory() as cache:
            options = ReadOptions(feeds=(site.url("/feed.xml"),), allow_private=True, pages_dir=Path(cache))
            for what in ("cold: every page downloaded", "re-run: every page revalidated (304)"):
                before = len(site.log)
                wall, cpu = time.perf_counter(), time.process_time()
                found = gather([], options)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                assert len(found.sources) == pages and not found.failed, found.failed[:3]
                log = site.log[before:]
                runs.append(Run(what, pages, wall, cpu, sum(s == 200 for _, s in log), sum(s == 304 for _, s in log)))
    finally:
        site.close()
    return runs


def ideal(pages: int, delay: float) -> float:
    """The feed, then the pages FETCH_THREADS at a time, each one round trip of L."""
    return delay * (1 + -(-pages // FETCH_THREADS))
