"""The `summarizer` command. Domain errors become one-line messages here, at the edge; exit codes:
0 all done, 1 some inputs failed (the rest are written), 2 usage error (nothing to do)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from summarizer import __version__
from summarizer.cli.bill import print_estimate, usage_text
from summarizer.cli.inputs import INPUTS_HELP, input_options, nothing_read, read_inputs
from summarizer.cli.lazy import LazyGroup
from summarizer.errors import SummarizerError

FORMATS = ("md", "json", "jsonl")


class UsageFailure(click.ClickException):
    exit_code = 2


def model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options every model-calling command takes; each also reads an environment variable."""
    options = [
        click.option("--model", envvar="SUMMARIZER_MODEL", help="Model name; unset: the embedded SmolLM2."),
        click.option("--base-url", envvar="SUMMARIZER_BASE_URL", help="Any OpenAI-compatible endpoint."),
        click.option("--no-cache", is_flag=True, help="Call the model even when a cached answer exists."),
        click.option(
            "--judge-model",
            envvar="SUMMARIZER_JUDGE_MODEL",
            help="Model (same endpoint) that judges each brief's sentences; unset: the model, if not embedded.",
        ),
        click.option("--no-judge", is_flag=True, help="No entailment judge call (on by default for capable models)."),
        click.option("--cache-dir", type=click.Path(path_type=Path), envvar="SUMMARIZER_CACHE_DIR"),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 512),
            envvar="SUMMARIZER_CONCURRENCY",
            help="Model calls in flight at once.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(0, 64),
            envvar="SUMMARIZER_WORKERS",
            help="Processes that read articles in large batches; default: one fewer than the CPUs.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


estimate_option = click.option(
    "--estimate", is_flag=True, help="Print the calls, tokens and cost the run would make; call no model."
)


def make_summarizer(**options: Any) -> Any:
    from summarizer.api import Summarizer
    from summarizer.batch.workers import auto_workers
    from summarizer.model.settings import Settings

    overrides = {k: v for k, v in options.items() if v is not None and v is not False}
    overrides.setdefault("workers", auto_workers())
    try:
        return Summarizer(Settings(**overrides))
    except SummarizerError as e:
        raise UsageFailure(str(e)) from None


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise UsageFailure(f"{output}: cannot write ({e.strerror})") from None


def say(message: str) -> None:
    click.echo(message, err=True)


def report_failures(errors: list[str]) -> None:
    """One line per distinct reason: an endpoint that is down fails every article the same way."""
    by_reason: dict[str, list[str]] = {}
    for error in errors:
        source, _, reason = error.partition(": ")
        reason = reason.removeprefix("not attempted: ")
        by_reason.setdefault(reason or source, []).append(source)
    for reason, sources in by_reason.items():
        where = sources[0] if len(sources) == 1 else f"{len(sources)} articles ({sources[0]}, ...)"
        say(f"error: {where}: {reason}")


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarizer")
@click.option("-v", "--verbose", is_flag=True, help="Log retries, re-asks and the embedded server on stderr.")
def main(verbose: bool) -> None:
    """Briefings from news articles; every number traceable to a verbatim span of its source."""
    if verbose:  # otherwise nothing is configured: instructor's per-attempt ERROR lines stay quiet
        import logging
        import os

        from summarizer.model.redact import Redact

        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
        keys = (os.environ.get("SUMMARIZER_API_KEY"), os.environ.get("OPENAI_API_KEY"))
        for handler in logging.getLogger().handlers:  # a server may echo the key into a logged error
            handler.addFilter(Redact(keys))


@main.command(epilog=INPUTS_HELP)
@click.argument("inputs", nargs=-1)
@input_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: jsonl or json by the -o suffix, else md.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="With -o FILE.jsonl: skip articles whose brief FILE already holds (same path, content and model).",
)
@model_options
@estimate_option
def summarize(inputs: tuple[str, ...], fmt: str | None, output: Path | None, resume: bool, **options: Any) -> None:
    """A brief of each article: files, folders, URLs, lists of URLs, feeds.

    JSONL is written as each brief finishes, so an interrupted run keeps its work: run the same command
    again and it does only what is left. Ctrl-C finishes the calls in flight; a second Ctrl-C aborts.
    """
    from summarizer.cli.stopping import GracefulStop

    gathered = read_inputs(inputs, options, UsageFailure)
    paths, unread = gathered.sources, len(gathered.failed)
    if not paths:
        say(f"nothing to summarize: {nothing_read(gathered)}")
        sys.exit(1)
    if options.pop("estimate"):
        sys.exit(1 if print_estimate(paths, options, False, UsageFailure) + unread else 0)
    fmt = fmt or {".jsonl": "jsonl", ".json": "json"}.get(output.suffix.lower() if output else "", "md")
    started = time.perf_counter()
    with GracefulStop() as stop:
        summarizer = make_summarizer(**options)
        try:
            if fmt == "jsonl":
                _summarize_jsonl(summarizer, paths, output, resume, stop, started, unread)
            else:
                _summarize_whole(summarizer, paths, fmt, output, stop, started, unread)
        except KeyboardInterrupt:
            say("aborted: briefs already written are kept; run the same command again to resume")
            sys.exit(stop.exit_code)
        finally:
            summarizer.close()


def _summarize_jsonl(
    summarizer: Any, paths: list[Any], output: Path | None, resume: bool, stop: Any, t0: float, unread: int
) -> None:
    from summarizer.batch.jsonl_run import JsonlRun

    run = JsonlRun(summarizer, paths, output, resume=resume)
    try:
        run.run(stop)
    except SummarizerError as e:  # the output file cannot be read or written
        raise UsageFailure(str(e)) from None
    except KeyboardInterrupt:  # Ctrl-C twice: the calls in flight were abandoned
        say(_stopped("aborted", run, output))
        sys.exit(stop.exit_code)
    report_failures(run.failed)
    if stop.requested:
        say(_stopped("interrupted", run, output))
        sys.exit(stop.exit_code)
    where = f", written to {output}" if output and run.written else ""
    already = f", {run.skipped} already in {output}" if run.skipped else ""
    say(
        f"{run.done} of {run.total + unread} briefs by {summarizer.model} in {time.perf_counter() - t0:.1f} s: "
        f"{run.calls} model calls, {run.cached} from cache, {usage_text(run.usage, summarizer)}{already}{where}"
    )
    if run.failed or unread:
        say(f"{len(run.failed) + unread} failed (listed above); run the same command again to retry them")
        sys.exit(1)


def _stopped(how: str, run: Any, output: Path | None) -> str:
    where = f" to {output}" if output else ""
    done = f"{run.written} briefs written{where}, {run.done} of {run.total} done"
    return f"{how}: {done}; run the same command again to resume"


def _summarize_whole(
    summarizer: Any, paths: list[Any], fmt: str, output: Path | None, stop: Any, t0: float, unread: int
) -> None:
    from summarizer.batch.progress import run_with_progress

    results = run_with_progress(summarizer, paths, stop)
    briefs = [r.brief for r in results if r.brief is not None]
    failed = [r for r in results if r.error is not None]
    if stop.requested:
        say(
            f"interrupted: {len(briefs)} of {len(paths)} briefs done and cached, nothing written; "
            "run the same command again (cached articles cost no model call)"
        )
        sys.exit(stop.exit_code)
    if briefs:
        write_output(render_briefs(briefs, fmt), output)
    report_failures([r.error for r in failed if r.error])
    from summarizer.schemas import Usage

    usage = Usage.total([b.usage for b in briefs])
    calls = usage.attempts + sum(r.attempts for r in failed)  # failed articles' calls count too
    cached = sum(b.usage.cached for b in briefs)
    say(
        f"{len(briefs)} of {len(paths) + unread} briefs by {summarizer.model} in {time.perf_counter() - t0:.1f} s: "
        f"{calls} model calls, {cached} from cache, {usage_text(usage, summarizer)}"
        + (f", written to {output}" if output and briefs else "")
    )
    if failed or unread:
        sys.exit(1)


@main.command(epilog=INPUTS_HELP)
@click.argument("inputs", nargs=-1)
@input_options
@click.option("--format", "fmt", type=click.Choice(("md", "json", "html")), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@model_options
@estimate_option
def brief(inputs: tuple[str, ...], fmt: str, output: Path | None, **options: Any) -> None:
    """One briefing across all the articles: summary, developments, figure ledger, disagreements."""
    gathered = read_inputs(inputs, options, UsageFailure)
    if not gathered.sources:
        say(f"nothing to brief: {nothing_read(gathered)}")
        sys.exit(1)
    if options.pop("estimate"):
        sys.exit(1 if print_estimate(gathered.sources, options, True, UsageFailure) + len(gathered.failed) else 0)
    started = time.perf_counter()
    with make_summarizer(**options) as summarizer:
        try:
            briefing = summarizer.brief(gathered.sources)
        except SummarizerError as e:
            raise click.ClickException(str(e)) from None
    report = briefing.failed  # the read failures were printed when they were met; the briefing lists all
    briefing.failed = gathered.failed + briefing.failed
    write_output(render_briefing(briefing, fmt), output)
    report_failures(report)
    for note in briefing.notes:
        if "the model call failed" in note:  # a reduce call the endpoint failed: its part fell back
            say(f"warning: {note}")
    say(
        f"briefing of {len(briefing.sources)} of {gathered.total} articles by {briefing.model} in "
        f"{time.perf_counter() - started:.1f} s: {briefing.model_calls} model calls, "
        f"{usage_text(briefing.usage, summarizer)}" + (f", written to {output}" if output else "")
    )
    if briefing.failed:
        sys.exit(1)


def render_briefing(briefing: Any, fmt: str) -> str:
    if fmt == "json":
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        from summarizer.render.briefing_html import briefing_html

        return briefing_html(briefing)
    from summarizer.render.briefing_markdown import briefing_markdown

    return briefing_markdown(briefing)


def render_briefs(briefs: list[Any], fmt: str) -> str:
    from summarizer.render.brief_markdown import brief_markdown

    if fmt == "md":
        return "\n---\n\n".join(brief_markdown(b) for b in briefs)
    if fmt == "jsonl":
        return "".join(b.model_dump_json() + "\n" for b in briefs)
    return json.dumps([b.model_dump(mode="json") for b in briefs], indent=2, ensure_ascii=False) + "\n"
