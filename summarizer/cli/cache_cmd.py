"""`summarizer cache info|clear`: the cache of model answers and fetched pages."""

from __future__ import annotations

from pathlib import Path

import click

from summarizer.errors import SummarizerError


@click.group()
def cache() -> None:
    """Inspect or clear the cache of model answers and fetched pages."""


@cache.command("info")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="SUMMARIZER_CACHE_DIR")
def cache_info(cache_dir: Path | None) -> None:
    from summarizer.model.cache import Cache
    from summarizer.read.page_cache import PageCache

    with Cache(cache_dir) as store:  # a damaged or read-only cache is reported by its own warning
        info = store.info()
    click.echo(f"directory: {info['directory']}\nentries: {info['entries']}\nsize: {info['size_bytes']:,} bytes")
    pages = PageCache(cache_dir / "pages" if cache_dir else None)
    click.echo(f"fetched pages: {pages.count()} in {pages.directory}")


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="SUMMARIZER_CACHE_DIR")
def cache_clear(cache_dir: Path | None) -> None:
    from summarizer.model.cache import Cache
    from summarizer.read.page_cache import PageCache

    with Cache(cache_dir) as store:
        try:
            removed = store.clear()
        except SummarizerError as e:
            raise click.ClickException(str(e)) from None
        damaged = store.problem is not None
    pages = PageCache(cache_dir / "pages" if cache_dir else None).clear()
    if damaged:
        files = f"{removed} file{'s' if removed != 1 else ''}"
        click.echo(f"removed the damaged cache at {store.directory} ({files}) and {pages} fetched pages")
    else:
        click.echo(f"removed {removed} cached answers and {pages} fetched pages")
