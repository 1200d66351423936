"""Eval reports: JSON (scores at the top level, per-article below) and Markdown a person reads at a glance.

`render(score, "md" | "json")` writes either; `to_json(score)` gives the dict the JSON is made of, which
is also what `compare(current, previous)` and `floors.check_floors` read.
"""

from __future__ import annotations

import json
from typing import Any

from summarizer.schemas import Figure

from .gold import GoldFigure, format_value
from .scoring import ArticleScore, Score

SCORES = (
    "figure_recall",
    "figure_precision",
    "figure_f1",
    "qualifier_accuracy",
    "attribution_accuracy",
    "attribution_precision",
    "grounding_rate",
    "discrepancy_recall",
    "consensus_recall",
    "pair_precision",
    "pair_recall",
    "flag_purity",
)


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    """Recall, precision, F1 and accuracies from counts; None where the denominator is 0."""

    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    recall = ratio(counts["matched"], counts["gold"])
    precision = ratio(counts["matched"], counts["system"])
    f1 = 2 * recall * precision / (recall + precision) if recall and precision else None
    if f1 is None and recall is not None and precision is not None:
        f1 = 0.0
    return {
        "figure_recall": recall,
        "figure_precision": precision,
        "figure_f1": f1,
        "qualifier_accuracy": ratio(counts["qualifier_correct"], counts["qualifier_scored"]),
        "attribution_accuracy": ratio(counts["attribution_correct"], counts["attribution_scored"]),
        # of the figures credited to a source, those the gold credits to the same one: a source named where the
        # gold names none ("according to LSEG data" on the revenue, not the estimate) counts against it
        "attribution_precision": ratio(counts["attribution_given_correct"], counts["attribution_given"]),
        "grounding_rate": ratio(counts["grounded"], counts["figures"]),
    }


COLUMNS = ("Article", "File", "Gold", "System", "Matched", "Recall", "Precision", "F1", "Qualifier",
           "Attribution", "Grounded")  # fmt: skip


def _recall(items: list[tuple[str, bool]] | None) -> float | None:
    if not items:
        return None
    return sum(ok for _, ok in items) / len(items)


def _gold_json(g: GoldFigure) -> dict[str, Any]:
    return {"figure": g.index, "value": g.value, "unit": g.unit, "what": g.what, "quote": g.quote}


def _system_json(f: Figure) -> dict[str, Any]:
    return {"id": f.id, "kind": f.kind, "value": f.value, "unit": f.unit, "quote": f.quote}


def _article_json(a: ArticleScore) -> dict[str, Any]:
    return {
        "file": a.file,
        "briefed": a.briefed,
        **rates(a.counts),
        "counts": a.counts,
        "misses": [_gold_json(g) for g in a.misses],
        "false_figures": [_system_json(f) for f in a.false_figures],
        "repeats": [_system_json(f) for f in a.repeats],
        "ungrounded": [_system_json(f) for f in a.ungrounded],
        "wrong_qualifier": [
            {"figure": m.gold.index, "gold": m.gold.qualifier, "system": m.system.qualifier}
            for m in a.matches
            if m.qualifier_ok is False
        ],
        "wrong_attribution": [
            {"figure": m.gold.index, "gold": m.gold.attributed_to, "system": m.system.attributed_to}
            for m in a.matches
            if m.attribution_ok is False
        ],
    }


def to_json(score: Score) -> dict[str, Any]:
    totals = score.totals()
    return {
        **rates(totals),
        "discrepancy_recall": _recall(score.discrepancies),
        "consensus_recall": _recall(score.consensus),
        **_grouping_json(score),
        "model": score.model,
        "offline": score.offline,
        "prompt_version": score.prompt_version,
        "tolerance": score.tolerance,
        "corpus": score.corpus,
        "counts": totals,
        "discrepancies": _items_json(score.discrepancies),
        "consensus": _items_json(score.consensus),
        "unmatched_briefs": score.unmatched_briefs,
        "articles": {a.article_id: _article_json(a) for a in score.articles},
    }


def _grouping_json(score: Score) -> dict[str, Any]:
    g = score.grouping
    if g is None:
        return {"pair_precision": None, "pair_recall": None, "flag_purity": None, "grouping": None}
    counts = {"grouped_pairs": g.grouped_pairs, "grouped_same": g.grouped_same, "same_pairs": g.same_pairs,
              "flagged": g.flagged}  # fmt: skip
    return {
        "pair_precision": g.pair_precision,
        "pair_recall": g.pair_recall,
        "flag_purity": g.flag_purity,
        "grouping": {**counts, "mixed_flags": g.mixed_flags},
    }


def _grouping_lines(score: Score) -> list[str]:
    g = score.grouping
    if g is None:
        return ["Grouping: not scored (no quantity keys in the gold, or no ledger)"]
    lines = [
        f"Pair precision: {pct(g.pair_precision)} ({g.grouped_same}/{g.grouped_pairs} pairs grouped together "
        "measure one gold quantity)",
        f"Pair recall: {pct(g.pair_recall)} ({g.grouped_same}/{g.same_pairs} pairs of one gold quantity grouped "
        "together)",
        f"Flagged groups holding one gold quantity: {pct(g.flag_purity)} "
        f"({g.flagged - len(g.mixed_flags)}/{g.flagged})",
    ]
    lines += [f"- ✗ “{m['group']}” flagged, holds {', '.join(m['quantities'])}" for m in g.mixed_flags]
    return lines


def _items_json(items: list[tuple[str, bool]] | None) -> list[dict[str, Any]] | None:
    return None if items is None else [{"quantity": q, "recalled": ok} for q, ok in items]


def render(score: Score, fmt: str = "md") -> str:
    if fmt == "json":
        return json.dumps(to_json(score), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return markdown(score)
    raise ValueError(f"unknown report format {fmt!r} (md or json)")


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _frac(correct: int, total: int) -> str:
    return "–" if not total else f"{correct}/{total}"


def _row(name: str, file: str, counts: dict[str, int]) -> str:
    r = rates(counts)
    cells = [
        name,
        file,
        str(counts["gold"]),
        str(counts["system"]),
        str(counts["matched"]),
        pct(r["figure_recall"]),
        pct(r["figure_precision"]),
        pct(r["figure_f1"]),
        _frac(counts["qualifier_correct"], counts["qualifier_scored"]),
        _frac(counts["attribution_correct"], counts["attribution_scored"]),
        pct(r["grounding_rate"]),
    ]
    return "| " + " | ".join(cells) + " |"


def _md_quote(text: str) -> str:
    return '"' + " ".join(text.split()).replace("|", "\\|") + '"'


def markdown(score: Score) -> str:
    data = to_json(score)
    lines = [f"# Eval: {score.corpus or 'corpus'}" + (" (offline: no model)" if score.offline else ""), ""]
    if score.offline:
        lines += [
            "Offline run: briefs assembled by code with no model call (every model field fell back); "
            "figures, attribution and the ledger are what the tool makes with any model.",
            "",
        ]
    lines.append(
        f"Model: {score.model or 'unknown'} · prompt: {score.prompt_version or 'unknown'} · "
        f"values match within ±{100 * score.tolerance:g}% (relative), spans must overlap"
    )
    lines += [
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for a in score.articles:
        name = a.article_id if a.briefed else f"{a.article_id} (no brief)"
        lines.append(_row(name, a.file.rsplit("/", 1)[-1], a.counts))
    lines.append(_row("**Overall**", "", score.totals()))
    if repeats := score.totals()["repeats"]:
        lines += ["", f"Repeats (a matched gold figure restated; left out of precision): {repeats}"]
    totals = score.totals()
    lines += ["", f"Attribution precision: {pct(data['attribution_precision'])} "
              f"({totals['attribution_given_correct']}/{totals['attribution_given']} figures credited to a source "
              "are credited to the gold's)"]  # fmt: skip
    lines.append("")
    for key, items in (("discrepancy_recall", score.discrepancies), ("consensus_recall", score.consensus)):
        label = key.replace("_", " ").capitalize()
        if items is None:
            lines.append(f"{label}: not scored (no corpus briefing given)")
            continue
        lines.append(f"{label}: {pct(data[key])} ({sum(ok for _, ok in items)}/{len(items)})")
        lines += [f"- {'✓' if ok else '✗'} {q}" for q, ok in items]
    lines += _grouping_lines(score)
    if score.unmatched_briefs:
        lines += ["", "Briefs for articles not in the gold file: " + ", ".join(score.unmatched_briefs)]
    lines += _listing("Misses (gold figures the system did not find)", score, _miss_lines)
    lines += _listing("False figures (system figures matching no gold figure)", score, _false_lines)
    lines += _listing("Ungrounded figures (a bug: quote not verbatim or not its value)", score, _bug_lines)
    lines += _listing("Wrong qualifier or attribution", score, _wrong_lines)
    return "\n".join(lines).rstrip() + "\n"


def _listing(title: str, score: Score, each: Any) -> list[str]:
    body = [line for a in score.articles for line in each(a)]
    return ["", f"## {title}", "", *(body or ["None."])]


def _miss_lines(a: ArticleScore) -> list[str]:
    out = []
    for g in a.misses:
        out.append(f"- {a.article_id} figure {g.index} ({g.label()}): {_md_quote(g.quote)}, {g.what}")
    return out


def _figure_label(f: Figure) -> str:
    if f.value is None:
        value = ""
    elif isinstance(f.value, float) and not f.value.is_integer():
        value = f" {f.value:.4g}"
    else:
        value = f" {format_value(f.value)}"
    return f"{f.kind}{value}{' ' + f.unit if f.unit else ''}"


def _false_lines(a: ArticleScore) -> list[str]:
    return [f"- {a.article_id} {f.id} ({_figure_label(f)}): {_md_quote(f.quote)}" for f in a.false_figures]


def _bug_lines(a: ArticleScore) -> list[str]:
    return [f"- {a.article_id} {f.id} ({_figure_label(f)}): {_md_quote(f.quote)}" for f in a.ungrounded]


def _wrong_lines(a: ArticleScore) -> list[str]:
    out = []
    for m in a.matches:
        where = f"- {a.article_id} figure {m.gold.index} ({m.gold.label()})"
        if m.qualifier_ok is False:
            out.append(f"{where}: qualifier {m.system.qualifier!r}, gold {m.gold.qualifier!r}")
        if m.attribution_ok is False:
            out.append(f"{where}: attributed to {m.system.attributed_to!r}, gold {m.gold.attributed_to!r}")
        elif m.attribution_ok is None and m.system.attributed_to:
            out.append(f"{where}: attributed to {m.system.attributed_to!r}, gold names no source")
    return out


def compare(current: dict[str, Any], previous: dict[str, Any]) -> str:
    """A Markdown table of each top-level score, before and now, with the change and ↑ better / ↓ worse."""
    lines = ["| Score | Previous | Current | Change |", "|---|--:|--:|---|"]
    for key in SCORES:
        now, before = current.get(key), previous.get(key)
        if now is None or before is None:
            change = "–" if now == before else "not comparable"
        else:
            delta = now - before
            if abs(delta) < 1e-9:
                change = "= same"
            else:
                arrow = "↑ better" if delta > 0 else "↓ worse"
                change = f"{100 * delta:+.1f} pts {arrow}"
        lines.append(f"| {key} | {pct(before)} | {pct(now)} | {change} |")
    for key in ("model", "prompt_version", "tolerance"):
        if current.get(key) != previous.get(key):
            lines.append(f"\n{key} changed: {previous.get(key)!r} → {current.get(key)!r}")
    return "\n".join(lines) + "\n"
