"""Running a batch from the command line: a progress bar on stderr when there are several articles."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.read.article import Article


@contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[], None]]:
    """A transient bar on stderr (only when there is more than one item and stderr is a terminal);
    yields the function that advances it by one."""
    console = Console(stderr=True)
    show = total > 1 and sys.stderr.isatty()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not show,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


def run_with_progress(
    summarizer: Any, paths: Sequence[Path | Article], stop: Callable[[], bool] | None = None
) -> list[Any]:
    """Every finished path's (or article's) `Result`, in the order given, whatever order they finished in."""
    order = {p.source if isinstance(p, Article) else str(p): i for i, p in enumerate(paths)}
    results = []
    with progress_bar(len(paths), f"summarizing with {summarizer.model}") as advance:
        for result in summarizer.summarize_many(paths, stop=stop):
            results.append(result)
            advance()
    return sorted(results, key=lambda r: order.get(r.source, len(order)))
