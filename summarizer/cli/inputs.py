"""What `brief` and `summarize` read: files, folders, URLs, lists of URLs, feeds. The options, and the
one line per input that could not be read (printed as soon as it is known; the others go on)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from summarizer.errors import SummarizerError

INPUTS_HELP = (
    "INPUTS: files (.txt, .md, .html, .pdf), folders of them, http(s) URLs, or a text file listing URLs "
    "one a line (# starts a comment)."
)


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    from summarizer.read.feeds import parse_since

    try:
        return parse_since(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def input_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options of every command that reads articles; the command receives them as `read_options`."""
    options = [
        click.option(
            "--feed",
            "feeds",
            multiple=True,
            metavar="URL_OR_FILE",
            help="An RSS or Atom feed: its entries' pages are read (repeat for several feeds).",
        ),
        click.option("--since", callback=_since, help="Feed entries published since: 2d, 12h, 1w, or 2024-10-01."),
        click.option("--limit", type=click.IntRange(1), help="At most this many entries of each feed."),
        click.option(
            "--allow-private",
            is_flag=True,
            help="Fetch from loopback, private and link-local addresses too (refused by default).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def read_inputs(inputs: tuple[str, ...], options: dict[str, Any], usage_failure: type[Exception]) -> Any:
    """The articles named, as a `Gathered`; pops the input options from `options`. A file or folder that is
    not there is a usage error (nothing is read); every other bad input is one `error:` line on stderr."""
    from summarizer.read.sources import ReadOptions, gather

    feeds, since, limit = options.pop("feeds"), options.pop("since"), options.pop("limit")
    allow_private = options.pop("allow_private")
    if not inputs and not feeds:
        raise usage_failure("name the articles: files, folders, URLs, a list of URLs, or --feed FEED")
    if (since or limit) and not feeds:
        raise usage_failure("--since and --limit choose among feed entries: give --feed FEED")
    cache_dir: Path | None = options.get("cache_dir")
    read = ReadOptions(feeds, since, limit, allow_private, cache_dir / "pages" if cache_dir else None)
    try:
        gathered = gather(inputs, read)
    except SummarizerError as e:
        raise usage_failure(str(e)) from None
    for line in gathered.failed:
        click.echo(f"error: {line}", err=True)
    for note in gathered.notes:
        click.echo(note, err=True)
    if gathered.downloaded or gathered.unchanged:
        click.echo(
            f"fetched {_plural(gathered.downloaded + gathered.unchanged, 'URL')}: {gathered.downloaded} downloaded, "
            f"{gathered.unchanged} unchanged since the last run (read from the cache)",
            err=True,
        )
    return gathered


def nothing_read(gathered: Any) -> str:
    n = len(gathered.failed)
    return "the input could not be read" if n == 1 else f"none of the {n} inputs could be read"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"
