"""Synthetic articles for benchmarks and tests: unique per index, so every one has its own cache key."""

from __future__ import annotations

from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "kursk-2024" / "articles"


def short_article(i: int) -> str:
    """A three-paragraph article with a few figures, a quote and a speaker; its title names `i`."""
    return (
        f"Harbor traffic report number {i}\n\n"
        f"The port authority said on Monday that {1000 + i} containers arrived last week, "
        "up from 900 a week earlier.\n\n"
        'Harbor master Jane Doe said new cranes had cut waiting times by 30 percent. "We are moving '
        'faster than ever before," Doe said.\n\n'
        "Officials expect traffic to keep rising through the winter, the authority said.\n"
    )


def sample_article(i: int, samples: list[str]) -> str:
    """A sample-corpus article with a unique title line, so the prompt (and the cache key) differs."""
    text = samples[i % len(samples)]
    return f"Dispatch {i}: {text.lstrip()}"


def write_corpus(directory: Path, n: int, kind: str = "short") -> list[Path]:
    """`n` articles as .txt files in `directory` (created); kind "short" or "sample"."""
    directory.mkdir(parents=True, exist_ok=True)
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))] if kind == "sample" else []
    paths = []
    for i in range(n):
        path = directory / f"article_{i:05d}.txt"
        path.write_text(short_article(i) if kind == "short" else sample_article(i, samples), encoding="utf-8")
        paths.append(path)
    return paths
