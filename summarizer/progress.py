"""Running a batch from the command line: a progress bar on stderr when there are several articles."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def run_with_progress(summarizer: Any, paths: Sequence[Path]) -> list[Any]:
    """Every path's `Result`, in the order given, whatever order they finished in."""
    order = {str(p): i for i, p in enumerate(paths)}
    results = []
    console = Console(stderr=True)
    show = len(paths) > 1
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not show,
    ) as progress:
        task = progress.add_task(f"summarizing with {summarizer.model}", total=len(paths))
        for result in summarizer.summarize_many(paths):
            results.append(result)
            progress.advance(task)
    return sorted(results, key=lambda r: order.get(r.source, len(order)))
