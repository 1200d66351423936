"""What a run costs, as the command line says it: `--estimate` before a run (`batch/estimate.py`) and
the tokens and cost of every run's summary line."""

from __future__ import annotations

from typing import Any

import click

from summarizer.errors import InputError, SummarizerError


def usage_text(usage: Any, summarizer: Any) -> str:
    """ "12,345 prompt + 2,100 completion tokens, $0.0031" (the cost only when the price is known)."""
    from summarizer.model.prices import dollars

    tokens = f"{usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion tokens"
    if summarizer.settings.embedded:
        return tokens
    if usage.cost_usd is None:
        return f"{tokens}, price unknown for {summarizer.settings.model} (not in genai-prices)"
    source = summarizer.llm.price_source
    return f"{tokens}, {dollars(usage.cost_usd)}" + (f" at {source}" if source else "")


def print_estimate(sources: list[Any], options: dict[str, Any], corpus: bool, usage_failure: type[Exception]) -> int:
    """Print the bill of a run over `sources`; the number of inputs that could not be read."""
    from summarizer.batch.estimate import bills, report
    from summarizer.extract.analysis import analyse
    from summarizer.model.cache import Cache
    from summarizer.model.settings import Settings

    overrides = {k: v for k, v in options.items() if v is not None and v is not False}
    overrides.pop("workers", None)
    try:
        settings = Settings(**overrides)
        cache = Cache(settings.cache_dir, enabled=not settings.no_cache)
    except SummarizerError as e:
        raise usage_failure(str(e)) from None
    analyses, failed = [], 0
    for source in sources:
        try:
            analyses.append(analyse(source))
        except InputError as e:
            click.echo(f"error: {e}", err=True)
            failed += 1
    if not analyses:
        return failed
    try:
        found = bills(analyses, settings, cache, corpus)
    except SummarizerError as e:
        raise usage_failure(str(e)) from None
    finally:
        cache.close()
    click.echo(report(found, len(analyses), corpus), nl=False)
    return failed
