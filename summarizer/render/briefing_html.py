"""A `CorpusBriefing` as one self-contained HTML file: inline CSS and SVG, no scripts, no network.

The figure ledger draws, for every quantity with two or more numeric values, a dot chart on a shared
axis: one row per value, values that agree in the same colour, the spread of a disagreement shaded.
Every number sits next to its verbatim quote. Everything the briefing says is escaped by Jinja.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined

from summarizer.render.briefing_markdown import (
    KIND_LABELS,
    format_date,
    format_number,
    group_heading,
    has_fallback,
    normalized,
    outlets,
    source_label,
    stated,
    unique_citations,
    value_source,
    web_links,
)
from summarizer.render.labels import relabel
from summarizer.schemas import CorpusBriefing, LedgerGroup, LedgerValue

LOG_RATIO = 20  # log axis when the largest value is more than this many times the smallest
PALETTE = 6  # cluster colours k0..k5 in the stylesheet
ROW_H, TOP, LABEL_MAX = 46, 6, 56
X0, X1 = 3.0, 97.0  # the plotting track, in percent of the chart's width


@dataclass
class Row:
    """One ledger value, ready for the table and the chart."""

    v: LedgerValue
    stated: str
    normalized: str | None
    source: str
    cluster: int | None  # 1-based, None when in no cluster
    colour: str  # css class
    sentence: tuple[str, str, str]  # before, quote, after: the quote highlighted in its sentence


@dataclass
class Mark:
    row: Row
    x: float  # percent
    y: float  # label baseline; the dot sits below it
    label: str  # whose value: article, outlet, who said it
    value: str  # the value as written, beside the dot
    converted: str | None  # the same with its conversion, shown instead on wide screens
    anchor: str  # text-anchor of the value beside the dot


@dataclass
class Chart:
    marks: list[Mark]
    ticks: list[tuple[float, str]]
    scale: str
    height: int
    axis_y: int
    band: tuple[float, float] | None  # the spread of a disagreement, in percent
    unplotted: list[Row] = field(default_factory=list)


def _number(x: object) -> float | None:
    ok = isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
    return float(x) if ok else None  # type: ignore[arg-type]


def _plot_value(v: LedgerValue, g: LedgerGroup) -> float | None:
    """The value in the group's unit: the normalized one, or the stated one when no conversion was needed."""
    n = _number(v.normalized_value)
    if n is None and v.unit == g.unit:
        n = _number(v.value)
    return n


def compact(x: float) -> str:
    """Axis labels: 1,500 -> 1.5k, 2,000,000 -> 2M."""
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:.1f}".rstrip("0").rstrip(".") + suffix
    return format_number(x)


def _nice_step(span: float, target: int = 4) -> float:
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _axis(values: list[float]) -> tuple[float, float, list[float], bool]:
    lo, hi = min(values), max(values)
    if lo > 0 and hi / lo > LOG_RATIO:
        a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        return a, b, [10.0**k for k in range(a, b + 1)], True
    lo = min(lo, 0.0)
    span = (hi - lo) or abs(hi) or 1.0
    step = _nice_step(span)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if hi == lo:
        hi = lo + step
    return lo, hi, [lo + i * step for i in range(round((hi - lo) / step) + 1)], False


def _chart(rows: list[Row], g: LedgerGroup) -> Chart | None:
    plotted = [(r, x) for r in rows if (x := _plot_value(r.v, g)) is not None]
    if len(plotted) < 2:
        return None
    lo, hi, ticks, log = _axis([x for _, x in plotted])

    def pos(x: float) -> float:
        t = (math.log10(x) - lo) / (hi - lo) if log else (x - lo) / (hi - lo)
        return round(X0 + (X1 - X0) * t, 2)

    marks = []
    for i, (r, x) in enumerate(plotted):
        label = r.source + (f" — {r.v.attributed_to}" if r.v.attributed_to else "")
        label = label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"
        value = " ".join(filter(None, (r.v.qualifier, r.v.text, r.v.unit if r.normalized else None)))
        p = pos(x)  # the value goes on the side of the dot with more room
        converted = f"{value} = {r.normalized}" if r.normalized else None
        marks.append(Mark(r, p, TOP + i * ROW_H + 14, label, value, converted, "start" if p <= 50 else "end"))
    xs = [m.x for m in marks]
    axis_y = TOP + len(marks) * ROW_H
    unit = f" ({g.unit})" if g.unit else ""
    scale = f"log scale{unit}: each gridline is 10× the one before" if log else f"linear scale{unit}"
    return Chart(
        marks=marks,
        ticks=[(pos(t), compact(t)) for t in ticks],
        scale=scale,
        height=axis_y + 24,
        axis_y=axis_y,
        band=(min(xs), max(xs)) if g.disagreement and max(xs) > min(xs) else None,
        unplotted=[r for r in rows if _plot_value(r.v, g) is None],
    )


def _split(sentence: str, quote: str) -> tuple[str, str, str]:
    """(before, quote, after) to highlight the quote in its sentence; ("sentence", "", "") when not in it."""
    at = sentence.find(quote) if quote else -1
    return (sentence[:at], quote, sentence[at + len(quote) :]) if at >= 0 else (sentence, "", "")


def _rows(g: LedgerGroup, known: dict[str, str]) -> list[Row]:
    cluster_of = {i: n for n, members in enumerate(g.clusters) for i in members}
    rows = []
    for i, v in enumerate(g.values):
        c = cluster_of.get(i)
        rows.append(
            Row(
                v,
                stated(v),
                normalized(v, g),
                value_source(v, known),
                None if c is None else c + 1,
                "kx" if c is None else f"k{c % PALETTE}",
                _split(v.sentence, v.quote),
            )
        )
    return rows


def anchor(article_id: str) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "-", article_id)


_ENV = Environment(
    loader=PackageLoader("summarizer.render", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.globals.update(
    anchor=anchor,
    format_date=format_date,
    format_number=format_number,
    stated=stated,
    source_label=source_label,
    split=_split,
    unique=unique_citations,
    kinds=KIND_LABELS,
)


def briefing_html(b: CorpusBriefing) -> str:
    b = relabel(b)  # "A1".."An" for readers; the Sources section maps them to files
    known = outlets(b)
    groups = []
    for g in b.ledger:
        rows = _rows(g, known)
        groups.append(
            {
                "g": g,
                "heading": group_heading(g),
                "rows": rows,
                "chart": _chart(rows, g),
                "show_norm": any(r.normalized for r in rows),
                "show_actor": any(r.v.actor and r.v.actor != g.actor for r in rows),
            }
        )
    return _ENV.get_template("briefing.html.j2").render(
        b=b,
        groups=groups,
        known=known,
        links=web_links(b),  # an article read from a URL: its citations show the URL on hover
        legend=has_fallback(b),
        source_of=lambda v: value_source(v, known),
    )
