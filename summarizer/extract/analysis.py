"""What code reads from an article before any model is asked: its figures (each with whoever the article
attributes it to), quotes and names. Pure: a source in, an `Analysis` out, so it can run in another
process (`workers.py`) as well as here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.extract.attribution import find_entities, find_quotes, speaker_of
from summarizer.extract.figures import find_figures
from summarizer.read.article import Article
from summarizer.read.ingest import article_from_text, read_article
from summarizer.schemas import Entity, Figure, Quote

Source = str | Path | Article


@dataclass
class Analysis:
    article: Article
    figures: list[Figure]
    quotes: list[Quote]
    entities: list[Entity]


def load(source: Source) -> Article:
    """An `Article` from a path, a text, or an Article already made."""
    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        return read_article(source)
    looks_like_path = "\n" not in source and len(source) < 4096
    if looks_like_path and _exists(source):
        return read_article(source)
    if looks_like_path and (len(source.split()) < 8 or source.rsplit(".", 1)[-1].lower() in {"txt", "md", "html"}):
        raise InputError(f"{source}: no such file (pass article text with at least a sentence or two)")
    return article_from_text(source)


def _exists(name: str) -> bool:
    """Whether a file of that name exists; a text too long to be a file name is not one (no OSError)."""
    try:
        return Path(name).exists()
    except OSError:
        return False


def read_figures(article: Article) -> list[Figure]:
    """Figures found by code, each with whoever the article attributes it to."""
    out = []
    for f in find_figures(article):
        if f.kind != "designation" and f.attributed_to is None:
            who = speaker_of(article, f.span.start, f.span.end)
            if who:
                f = f.model_copy(update={"attributed_to": who, "attributed_to_origin": "fallback"})
        out.append(f)
    return out


def analyse(source: Source) -> Analysis:
    article = load(source)
    return Analysis(article, read_figures(article), find_quotes(article), find_entities(article))
