"""What made large articles quadratic is now read from indexes and windows; these tests pin that the
answers are the same as the plain scans they replace, at every offset of real articles. (How fast: the
`bench.large` benchmark, not a timed test.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.large import large_text  # noqa: E402
from summarizer.extract import figures  # noqa: E402
from summarizer.extract.analysis import analyse  # noqa: E402
from summarizer.extract.cues import read_cues  # noqa: E402
from summarizer.read.ingest import article_from_text, read_article  # noqa: E402

CORPUS = sorted((ROOT / "evals" / "datasets" / "kursk-2024" / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def articles() -> list:
    return [read_article(p) for p in CORPUS] + [article_from_text(large_text(0.05, one_line=True))]


def test_paragraph_and_sentence_at_every_offset(articles: list) -> None:
    for a in articles:
        for offset in range(-1, len(a.text) + 1, 7):
            assert a.paragraph_at(offset) == next((p for p in a.paragraphs if p.start <= offset < p.end), None)
            assert a.sentence_at(offset) == next((s for s in a.sentences if s.start <= offset < s.end), None)


@pytest.mark.parametrize("width", [4, 16, 256])
def test_clause_words_read_from_a_window_are_the_split_ones(articles: list, width: int) -> None:
    for a in articles[:3]:
        for p in a.kept:
            chunk = a.text[p.start : p.end]
            for at in range(len(chunk) + 1):
                after = figures._CLAUSE_END.split(chunk[at:])[0].split()[:10]
                before = figures._CLAUSE_END.split(chunk[:at])[-1].split()[-10:]
                assert figures._clause_words(chunk, at, 10, True, width) == after, (chunk, at)
                assert figures._clause_words(chunk, at, 10, False, width) == before, (chunk, at)


def test_cues_between_is_the_filter_it_replaces(articles: list) -> None:
    for a in articles:
        ctx = read_cues(a)
        for p in a.kept:
            for lo in range(p.start, p.end, 11):
                for hi in (lo, lo + 40, lo + 400, p.end):
                    expected = [c for c in ctx.cues[p.index] if lo <= c.pos < hi]
                    assert ctx.cues_between(p, lo, hi) == expected


def test_one_line_and_paragraphs_find_the_same_figures() -> None:
    # the same text, once in paragraphs and once on one line: the figures (value, quote) are the same
    apart = analyse(article_from_text(large_text(0.05, one_line=False)))
    joined = analyse(article_from_text(large_text(0.05, one_line=True)))
    assert len(apart.figures) > 100
    assert [(f.value, f.quote) for f in apart.figures] == [(f.value, f.quote) for f in joined.figures]
