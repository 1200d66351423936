"""`summarizer eval-checks [FOLDER]`: the claim checker's own eval — keep rate of faithful sentences and
catch rate per planted error type — reported and gated on `floors.yaml` in the folder.

Exit codes: 0 scored and every floor met, 1 a rate is below its floor or the cases cannot be used.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from summarizer.cli.main import write_output

from .checks import ERROR_TYPES, ChecksReport, run_checks

DEFAULT_FOLDER = Path(__file__).with_name("checks")


@click.command("eval-answers")
@click.option("--misses", is_flag=True, help="List every faithful field dropped and every planted error shown.")
def answers_cmd(misses: bool) -> None:
    """Replay the hand-written answers in evals/answers through the brief pipeline (a local fake server as
    the model): faithful fields kept as written, planted errors kept out, per kind; gated on its floors."""
    from .answers import FOLDER, run_answers

    report = run_answers(FOLDER)
    lines = ["# Hand-written answers through the pipeline (lexical checks, no judge)", ""]
    lines += ["| kind | right | of | rate |", "|---|---|---|---|"]
    lines += [f"| kept: {k} | {a} | {b} | {a / b:.0%} |" for k, (a, b) in report.kept.items()]
    lines += [f"| caught: {k} | {a} | {b} | {a / b:.0%} |" for k, (a, b) in report.caught.items()]
    rates = report.rates()
    lines += ["", f"Faithful fields kept: {rates['keep_rate']:.0%}; planted errors caught: {rates['catch_rate']:.0%}."]
    if misses:
        lines += ["", *[f"- {m}" for m in report.misses]]
    write_output("\n".join(lines) + "\n", None)
    floors = yaml.safe_load((FOLDER / "floors.yaml").read_text(encoding="utf-8")) or {}
    if failures := [
        f"{k} {rates.get(k, 0):.1%} is below its floor {v:.1%}" for k, v in floors.items() if rates.get(k, 0) < v - 1e-9
    ]:
        raise click.ClickException("; ".join(failures))


@click.command("eval-checks")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here")
@click.option("--misses", is_flag=True, help="List every faithful sentence dropped and every error let through.")
@click.option("--no-floors", is_flag=True, help="Do not check floors.")
def checks_cmd(folder: Path | None, fmt: str, output: Path | None, misses: bool, no_floors: bool) -> None:
    """Score the claim checker on evals/checks (or FOLDER): faithful sentences kept, planted errors caught."""
    folder = folder or DEFAULT_FOLDER
    try:
        report = run_checks(folder)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        raise click.ClickException(f"{folder}: the cases cannot be read ({type(e).__name__}: {e})") from None
    if not report.outcomes:
        raise click.ClickException(f"{folder}: no cases (looked for *.yaml)")
    rates = report.rates()
    write_output(render_json(report) if fmt == "json" else render_md(report, misses), output)
    floors_path = folder / "floors.yaml"
    if no_floors or not floors_path.exists():
        return
    if failures := below_floors(rates, floors_path):
        raise click.ClickException("; ".join(failures))


def below_floors(rates: dict[str, float], floors_path: Path) -> list[str]:
    """One line per rate below its floor in `floors_path` (a YAML mapping of rate names to minimums)."""
    floors = yaml.safe_load(floors_path.read_text(encoding="utf-8")) or {}
    return [
        f"{k} {rates.get(k, 0):.1%} is below its floor {v:.1%}" for k, v in floors.items() if rates.get(k, 0) < v - 1e-9
    ]


def render_md(report: ChecksReport, misses: bool) -> str:
    lines = ["# Claim checker eval (lexical layer)", "", "| sentences | right | of | rate |", "|---|---|---|---|"]
    for kind in ("faithful", *ERROR_TYPES):
        right, total = report.rate(kind)
        if total:
            name = "faithful, kept" if kind == "faithful" else f"{kind}, caught"
            lines.append(f"| {name} | {right} | {total} | {right / total:.0%} |")
    if misses:
        lines += ["", "## Misses", ""]
        for o in report.outcomes:
            if (o.kind == "faithful") == o.flagged:
                why = f" — {o.findings[0].message}" if o.findings else ""
                lines.append(f"- {o.case} {o.kind}: {o.sentence}{why}")
    return "\n".join(lines) + "\n"


def render_json(report: ChecksReport) -> str:
    data = {
        "rates": report.rates(),
        "counts": {k: dict(zip(("right", "total"), report.rate(k), strict=True)) for k in ("faithful", *ERROR_TYPES)},
        "outcomes": [
            {"case": o.case, "kind": o.kind, "sentence": o.sentence, "findings": [f.message for f in o.findings]}
            for o in report.outcomes
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
