"""`summarizer batch prepare|submit|collect`: corpora through a provider's batch engine instead of live calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from summarizer.cli.main import UsageFailure, make_summarizer, model_options, say
from summarizer.errors import ConfigError, SummarizerError


@click.group()
def batch() -> None:
    """Briefs through a batch engine (OpenAI Batch API, vLLM run-batch): prepare, submit, collect.

    Run prepare and collect with the same model settings: the requests' custom_id is the cache key
    of each call, and collected answers land in the cache where `summarize` and `brief` find them.
    """


def _paths(inputs: tuple[str, ...]) -> list[Path]:
    from summarizer.read.ingest import collect_paths

    try:
        return collect_paths(inputs)
    except SummarizerError as e:
        raise UsageFailure(str(e)) from None


@batch.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The requests file (.jsonl).")
@model_options
def prepare(inputs: tuple[str, ...], output: Path, **options: Any) -> None:
    """Write one Batch API request per article (the body instructor would send)."""
    from summarizer.batch.provider import prepare as prepare_requests

    paths = _paths(inputs)
    with make_summarizer(**options) as summarizer:
        try:
            report = prepare_requests(summarizer, paths, output)
        except SummarizerError as e:
            raise UsageFailure(str(e)) from None
        model = summarizer.model
    for failure in report.failed:
        say(f"error: {failure}")
    same = f" ({report.duplicates} articles repeat another's text)" if report.duplicates else ""
    say(f"{report.written} requests for {model} written to {output}{same}")
    if report.failed:
        sys.exit(1)


@batch.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--base-url", envvar="SUMMARIZER_BASE_URL", help="Default: the OpenAI API.")
def submit(requests: Path, base_url: str | None) -> None:
    """Upload a requests file and start a batch on it; prints the batch id."""
    from summarizer.batch import openai_batch as batch_api
    from summarizer.batch.provider import check_requests
    from summarizer.model.settings import Settings

    with requests.open(encoding="utf-8") as handle:
        problems = check_requests(line.rstrip("\n") for line in handle)
    if problems:
        raise UsageFailure(f"{requests}: {problems[0]}" + (f" (and {len(problems) - 1} more)" if problems[1:] else ""))
    settings = Settings(**({"base_url": base_url} if base_url else {}))
    try:
        file_id, batch_id = batch_api.submit(settings, requests)
    except ConfigError as e:
        raise UsageFailure(str(e)) from None
    except SummarizerError as e:
        raise click.ClickException(str(e)) from None
    click.echo(batch_id)
    say(f"uploaded {requests} as {file_id}; when the batch is done: summarizer batch collect {batch_id} --corpus ...")


@batch.command()
@click.argument("source")
@click.option("--corpus", multiple=True, required=True, help="The articles the requests were prepared from.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Also write the briefs here (JSONL).")
@model_options
def collect(source: str, corpus: tuple[str, ...], output: Path | None, **options: Any) -> None:
    """Check a batch's answers (a results file, or a batch id to download) and put the good ones in the cache."""
    from summarizer.batch.provider import collect as collect_results

    paths = _paths(corpus)
    if options.get("no_cache"):
        raise UsageFailure("collect stores answers in the cache: --no-cache makes no sense here")
    with make_summarizer(**options) as summarizer:
        try:
            lines = _result_lines(source, summarizer.settings)
            report = collect_results(summarizer, lines, paths)
        except ConfigError as e:
            raise UsageFailure(str(e)) from None
        except SummarizerError as e:
            raise click.ClickException(str(e)) from None
        for failure in report.failed:
            say(f"error: {failure}")
        already = f", {report.already} were already cached" if report.already else ""
        say(f"{report.stored} answers checked and cached{already}; {len(report.failed)} refused")
        if output is not None and report.sources:
            from summarizer.batch.jsonl_run import JsonlRun

            run = JsonlRun(summarizer, report.sources, output).run()
            say(f"{run.done} briefs in {output} ({run.calls} model calls)")
    if report.failed:
        sys.exit(1)


def _result_lines(source: str, settings: Any) -> list[str]:
    path = Path(source)
    if path.exists():
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise UsageFailure(f"{path}: cannot read ({e})") from None
    if not source.startswith("batch_"):
        raise UsageFailure(f"{source}: no such results file (or batch id: they start with batch_)")
    from summarizer.batch import openai_batch as batch_api

    return batch_api.results(settings, source)
