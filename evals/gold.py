"""Gold annotations: load a gold YAML file, validate it, and refuse it when a quote is not its article's.

`load_gold(path)` checks the file against `gold.schema.json`, reads every article (paths are relative to
the gold file), and checks that each figure's quote and also_quotes occur verbatim in the article and
state the figure's value (`quantities.states_value`). Any failure is a `GoldError` with a one-line
message naming the gold file, the article id and the figure, e.g.
`gold.yaml: A1 figure 3 (5000 troops): quote "as many as 5,000 troops" is not in articles/000_x.txt`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pydantic import BaseModel, Field

from summarizer.errors import SummarizerError

from .data_yaml import load_data, problem

SCHEMA_PATH = Path(__file__).with_name("gold.schema.json")

Scalar = float | str
Value = float | str | None


class GoldError(SummarizerError):
    """A gold file that cannot be used: malformed, or a quote that is not verbatim in its article."""


class GoldFigure(BaseModel):
    index: int  # 1-based position in its article's figure list
    value: Value
    unit: str | None = None
    what: str
    quantity: str | None = None  # a key naming what the figure measures; same key, same quantity
    quote: str
    attributed_to: str | None = None
    qualifier: str | None = None
    also_quotes: list[str] = []
    vague: bool = False
    spans: list[tuple[int, int]] = []  # every place the quote or an also_quote occurs in the article

    def label(self) -> str:
        """`5000 troops`, `--10-23`, `several soldiers (vague)`: how reports and errors name the figure."""
        value = "vague" if self.vague else format_value(self.value)
        return f"{value} {self.unit}" if self.unit else value


class GoldArticle(BaseModel):
    id: str
    file: str  # as written in the gold file
    path: Path
    outlet: str | None = None
    text: str
    figures: list[GoldFigure]


class GoldDiscrepancy(BaseModel):
    quantity: str
    unit: str | None = None
    values: dict[str, list[Scalar]]
    note: str | None = None

    def pairs(self) -> list[tuple[str, Scalar]]:
        return [(a, v) for a, vs in self.values.items() for v in vs]


class GoldConsensus(BaseModel):
    quantity: str
    unit: str | None = None
    value: Scalar
    articles: list[str]
    rel_tol: float | None = None
    note: str | None = None


class Gold(BaseModel):
    path: Path
    corpus_id: str
    event: str
    articles: list[GoldArticle]
    discrepancies: list[GoldDiscrepancy] = Field(default_factory=list)
    consensus: list[GoldConsensus] = Field(default_factory=list)

    def article(self, article_id: str) -> GoldArticle | None:
        return next((a for a in self.articles if a.id == article_id), None)


def format_value(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def load_gold(path: str | Path) -> Gold:
    """Read, validate and check a gold file. Raises GoldError with a one-line message."""
    path = Path(path)
    name = path.name
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise GoldError(f"{path}: cannot be read ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise GoldError(f"{name}: not valid YAML{problem(e)}") from None
    _validate(name, data)
    articles = [_article(path, name, a) for a in data["articles"]]
    ids = [a.id for a in articles]
    if dup := sorted({i for i in ids if ids.count(i) > 1}):
        raise GoldError(f"{name}: article id {dup[0]} is used twice")
    discrepancies = [_discrepancy(d) for d in data.get("discrepancies") or []]
    consensus = [GoldConsensus(**c) for c in data.get("consensus") or []]
    for label, used in [(f"discrepancy {d.quantity!r}", d.values) for d in discrepancies] + [
        (f"consensus {c.quantity!r}", c.articles) for c in consensus
    ]:
        if unknown := [a for a in used if a not in ids]:
            raise GoldError(f"{name}: {label} names article {unknown[0]}, which is not in the gold file")
    corpus = data["corpus"]
    return Gold(
        path=path,
        corpus_id=corpus["id"],
        event=corpus["event"],
        articles=articles,
        discrepancies=discrepancies,
        consensus=consensus,
    )


def _validate(name: str, data: Any) -> None:
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        message = error.message if len(error.message) < 160 else error.message[:157] + "..."
        raise GoldError(f"{name}: {where}: {message}".replace("\n", " "))


def _article(gold_path: Path, name: str, data: dict[str, Any]) -> GoldArticle:
    from summarizer.extract.quantities import states_value  # lazily: the gold schema checks need no quantities

    article_id, file = data["id"], data["file"]
    folder = gold_path.parent.resolve()
    file_path = (folder / file).resolve()
    # A gold file names articles beside it; one that reaches elsewhere (../../etc/passwd, an absolute
    # path, a symlink out) would have eval read that file and send it to the model endpoint.
    if not file_path.is_relative_to(folder):
        raise GoldError(f"{name}: {article_id}: article {file} is outside the gold file's folder {folder}")
    try:
        text = file_path.read_bytes().decode("utf-8-sig")  # as summarizer.read.ingest reads it: same offsets
    except OSError as e:
        raise GoldError(f"{name}: {article_id}: article {file} cannot be read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise GoldError(f"{name}: {article_id}: article {file} is not UTF-8 text") from None
    figures = []
    for index, fig in enumerate(data["figures"], 1):
        figure = GoldFigure(index=index, **fig)
        where = f"{name}: {article_id} figure {index} ({figure.label()})"
        for quote in [figure.quote, *figure.also_quotes]:
            spans = find_all(text, quote)
            if not spans:
                raise GoldError(f'{where}: quote "{quote}" is not in {file}')
            if not states_value(quote, figure.value, figure.unit):  # vague: a vague word ("several")
                stated = "a vague quantity" if figure.vague else format_value(figure.value)
                raise GoldError(f'{where}: quote "{quote}" does not state {stated}')
            figure.spans.extend(spans)
        figures.append(figure)
    return GoldArticle(id=article_id, file=file, path=file_path, outlet=data.get("outlet"), text=text, figures=figures)


def _discrepancy(data: dict[str, Any]) -> GoldDiscrepancy:
    values = {a: v if isinstance(v, list) else [v] for a, v in data["values"].items()}
    return GoldDiscrepancy(**{**data, "values": values})
