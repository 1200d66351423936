"""`summarizer eval GOLD.yaml`: score briefs against a gold file, report, compare, and gate on floors.

Exit codes: 0 scored (and every floor met), 1 a score is below its floor or the inputs cannot be used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from summarizer.cli.main import write_output
from summarizer.errors import SummarizerError, validation_lines
from summarizer.schemas import ArticleBrief

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("eval")
@click.argument("gold_path", metavar="GOLD.yaml", type=_FILE)
@click.option("--briefs", "briefs_path", type=_FILE, help="Briefs: JSON list or JSONL of ArticleBrief.")
@click.option("--briefing", "briefing_path", type=_FILE, help="Corpus briefing: JSON list of ledger groups.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here")
@click.option("--compare", "previous_path", type=_FILE, help="A previous JSON report to compare with.")
@click.option("--floors", "floors_path", type=_FILE, help="Floors file [default: floors.yaml by the gold].")
@click.option("--no-floors", is_flag=True, help="Do not check floors.")
@click.option(
    "--offline",
    is_flag=True,
    help="Brief with no model: figures, attribution and the ledger by code alone (fast; what they score).",
)
@click.option("--model", "models", multiple=True, help="Run with this model (repeat to compare side by side).")
@click.option(
    "--prompts",
    "prompt_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Run with the templates in this folder (repeat to compare prompt versions side by side).",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(0, 0.5),
    default=0.02,
    show_default=True,
    help="Relative tolerance for values to match.",
)
def eval_cmd(
    gold_path: Path,
    briefs_path: Path | None,
    briefing_path: Path | None,
    fmt: str,
    output: Path | None,
    previous_path: Path | None,
    floors_path: Path | None,
    no_floors: bool,
    offline: bool,
    models: tuple[str, ...],
    prompt_dirs: tuple[Path, ...],
    tolerance: float,
) -> None:
    """Score figures in briefs against GOLD.yaml; without --briefs, run the tool on the gold articles.

    With --model or --prompts (each repeatable), run every variant and show their scores side by side.
    With --offline, no model is called: every model field falls back to the text, and the report says so."""
    if offline and (models or prompt_dirs or briefs_path or briefing_path):
        raise click.UsageError(
            "--offline runs the tool without a model: not with --model, --prompts, --briefs or --briefing"
        )
    if models or prompt_dirs:
        variants = [(f"model {m}", {"model": m}) for m in models]
        variants += [(f"prompts {d}", {"prompts_dir": d}) for d in prompt_dirs]
        _side_by_side(gold_path, variants, fmt, output, tolerance)
        return
    from .floors import check_floors
    from .gold import load_gold
    from .report import compare, render, to_json
    from .scoring import score

    if floors_path and no_floors:
        raise click.UsageError("--floors and --no-floors cannot be used together")
    try:
        gold = load_gold(gold_path)
        briefing = _read_json(briefing_path) if briefing_path else None
        if briefs_path:
            briefs = load_briefs(briefs_path)
        elif isinstance(briefing, dict) and briefing.get("briefs"):  # a CorpusBriefing carries its briefs
            briefs = [ArticleBrief.model_validate(b) for b in briefing["briefs"]]
        elif offline:
            from .offline import run_offline

            briefs, briefing = run_offline([a.path for a in gold.articles])
        else:
            briefs, briefing = run_tool([a.path for a in gold.articles])
        result = score(gold, briefs, briefing, rel_tol=tolerance)
        result.offline = offline
        report = to_json(result)
        text = render(result, fmt)
        if previous_path:
            changes = compare(report, _read_json(previous_path))
            if fmt == "md":
                text += f"\n## Compared with {previous_path.name}\n\n{changes}"
            else:
                click.echo(f"Compared with {previous_path.name}:\n{changes}", err=True)
        if not no_floors:
            floors_path = floors_path or _default_floors(gold_path)
        failures = check_floors(report, floors_path) if floors_path else []
    except SummarizerError as e:
        raise click.ClickException(str(e)) from None
    write_output(text, output)
    if failures:
        for failure in failures:
            click.echo(f"below floor ({floors_path}): {failure}", err=True)
        raise click.exceptions.Exit(1)


def _default_floors(gold_path: Path) -> Path | None:
    path = gold_path.parent / "floors.yaml"
    return path if path.exists() else None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise SummarizerError(f"{path}: cannot be read ({e.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise SummarizerError(f"{path}: not valid JSON ({e})") from None


def load_briefs(path: Path) -> list[Any]:
    """ArticleBriefs from a JSON list, a single JSON object, or JSONL (one brief per line)."""
    from pydantic import ValidationError

    from summarizer.schemas import ArticleBrief

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SummarizerError(f"{path}: cannot be read ({e})") from None
    try:
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        try:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            raise SummarizerError(f"{path}: neither JSON nor JSONL (line {e.lineno}: {e.msg})") from None
    briefs = []
    for i, item in enumerate(items, 1):
        try:
            briefs.append(ArticleBrief.model_validate(item))
        except ValidationError as e:
            raise SummarizerError(f"{path}: brief {i} is not an ArticleBrief ({validation_lines(e, 1)[0]})") from None
    return briefs


def run_tool(paths: list[Path], **overrides: Any) -> tuple[list[Any], dict[str, Any]]:
    """Brief the gold articles with the tool as configured (SUMMARIZER_* settings, then `overrides`): the
    per-article briefs and the corpus briefing, so figures, discrepancies and consensus are all scored."""
    from summarizer import Summarizer

    click.echo(f"briefing {len(paths)} articles ...", err=True)
    with Summarizer(**overrides) as summarizer:
        briefing = summarizer.brief(paths)
    return briefing.briefs, briefing.model_dump(mode="json")


def _side_by_side(
    gold_path: Path, variants: list[tuple[str, dict[str, Any]]], fmt: str, output: Path | None, tolerance: float
) -> None:
    """Each variant run and scored; one table with a column per variant (floors are not applied)."""
    from .gold import load_gold
    from .report import SCORES, pct, to_json
    from .scoring import score

    reports = []
    try:
        gold = load_gold(gold_path)
        for label, overrides in variants:
            briefs, briefing = run_tool([a.path for a in gold.articles], **overrides)
            reports.append((label, to_json(score(gold, briefs, briefing, rel_tol=tolerance))))
    except SummarizerError as e:
        raise click.ClickException(str(e)) from None
    if fmt == "json":
        text = json.dumps({"variants": [{"label": lbl, **r} for lbl, r in reports]}, indent=2) + "\n"
    else:
        head = "| Score | " + " | ".join(lbl for lbl, _ in reports) + " |"
        rows = [f"| {k} | " + " | ".join(pct(r.get(k)) for _, r in reports) + " |" for k in SCORES]
        models = "| model | " + " | ".join(str(r.get("model")) for _, r in reports) + " |"
        text = "\n".join([head, "|---|" + "--:|" * len(reports), *rows, models]) + "\n"
    write_output(text, output)
