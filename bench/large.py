"""Analysis time of one large article (`python -m bench.large`): read, figures with attribution, quotes and
names, as `summarizer` does before any model call. Two shapes per size: sample-corpus paragraphs repeated
(many paragraphs), and the same text on one line (one paragraph). Growth should be linear in the size."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.corpus import SAMPLE

SIZES_MB = (0.5, 1.0, 2.0, 4.0)


def large_text(megabytes: float, one_line: bool) -> str:
    """About `megabytes` MB of news text made of the sample articles, each copy numbered so no two
    paragraphs are the same; `one_line` joins it all into a single paragraph."""
    from summarizer.read.ingest import split_paragraphs

    # the articles' own paragraphs, not their web residue: on one line, a donation appeal anywhere would
    # make the whole article boilerplate
    samples = [
        "\n\n".join(p.text for p in split_paragraphs(path.read_text(encoding="utf-8")) if p.dropped is None)
        for path in sorted(SAMPLE.glob("*.txt"))
    ]
    parts, size, copy = [], 0, 0
    while size < megabytes * 1_000_000:
        text = f"Dispatch {copy}. " + samples[copy % len(samples)]
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        copy += 1
    return " ".join(" ".join(p.split()) for p in parts) if one_line else "\n\n".join(parts)


def analysis_seconds(path: Path) -> tuple[float, int]:
    """Seconds to analyse the article at `path`, and the figures found."""
    from summarizer.extract.analysis import analyse

    started = time.perf_counter()
    found = analyse(path)
    return time.perf_counter() - started, len(found.figures)


def rows(directory: Path, sizes: tuple[float, ...] = SIZES_MB) -> list[list[str]]:
    out = []
    for one_line in (False, True):
        for mb in sizes:
            path = directory / f"large_{mb:g}MB{'_one_line' if one_line else ''}.txt"
            path.write_text(large_text(mb, one_line), encoding="utf-8")
            seconds, figures = analysis_seconds(path)
            shape = "one line" if one_line else "paragraphs"
            out.append([shape, f"{mb:g}", f"{seconds:.2f}", f"{seconds / mb:.2f}", str(figures)])
    return out


HEADER = ["shape", "MB", "analysis s", "s per MB", "figures"]
TITLE = "### Analysis time of one large article"


def measured(sizes: tuple[float, ...] = SIZES_MB) -> list[list[str]]:
    """`rows` in a temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        return rows(Path(directory), sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(f"{s:g}" for s in SIZES_MB), help="MB, comma-separated")
    args = parser.parse_args()
    found = measured(tuple(float(s) for s in args.sizes.split(",")))
    lines = [f"| {' | '.join(HEADER)} |", "|" + "---|" * len(HEADER), *(f"| {' | '.join(r)} |" for r in found)]
    print(TITLE + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
