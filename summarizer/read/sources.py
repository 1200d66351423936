"""What the user named on the command line, made into articles: files and folders (read later, lazily),
URLs, lists of URLs in a text file, and feeds, whose entries are fetched like URLs.

Callers may rely on: one bad input never stops the others; each comes back as one line in `failed`,
starting with the input it is about; sources keep the order they were named in (feeds last), and a URL
named twice is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from summarizer.errors import InputError
from summarizer.read.article import Article
from summarizer.read.feeds import parse_feed, select
from summarizer.read.fetch import Fetcher
from summarizer.read.guard import Guard, check_url, redact
from summarizer.read.ingest import collect_paths
from summarizer.read.page_cache import PageCache

FETCH_THREADS = 8
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least: "C:\..." is a Windows path
_URL_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:\S+$")


@dataclass
class ReadOptions:
    feeds: tuple[str, ...] = ()
    since: datetime | None = None
    limit: int | None = None
    allow_private: bool = False
    pages_dir: Path | None = None  # the page cache; None: the default under the user cache directory


@dataclass
class Gathered:
    sources: list[Path | Article] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line per input that could not be read
    notes: list[str] = field(default_factory=list)
    downloaded: int = 0  # pages and feeds transferred
    unchanged: int = 0  # answered 304: the cached copy was used

    @property
    def total(self) -> int:
        return len(self.sources) + len(self.failed)


@dataclass
class _Url:
    url: str
    published: datetime | None = None  # the feed's date for it


def gather(inputs: Iterable[str], options: ReadOptions | None = None) -> Gathered:
    """Raises InputError only for a file or folder that is not there (nothing is fetched then)."""
    options = options or ReadOptions()
    out = Gathered()
    slots: list[Path | _Url | str] = []  # str: a failure, in its place
    for item in inputs:
        slots += _slots(item)
    if not any(isinstance(s, _Url) for s in slots) and not options.feeds:
        out.sources = [s for s in slots if isinstance(s, Path)]
        out.failed = [s for s in slots if isinstance(s, str)]
        return out
    with Fetcher(PageCache(options.pages_dir), Guard(options.allow_private)) as fetcher:
        for feed in options.feeds:
            slots += _feed_slots(feed, fetcher, options, out.notes)
        _fetch_all(slots, fetcher, out)
        out.downloaded, out.unchanged = fetcher.downloaded, fetcher.unchanged
    return out


def _slots(item: str) -> list[Path | _Url | str]:
    path = Path(item)
    if _SCHEME.match(item) and not path.exists():
        return [_url_slot(item)]
    if path.is_file() and (links := read_link_list(path)) is not None:
        return list(links)
    return list(collect_paths([item]))


def read_link_list(path: Path) -> list[_Url | str] | None:
    """The URLs of a text file that lists them, one a line (`#` starts a comment), each bad line as the
    failure "file:line: why"; None when the file is not such a list (an article, say)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if line:
            lines.append((number, line))
    urls = [line for _, line in lines if _URL_LINE.match(line)]
    if not urls or len(urls) * 2 < len(lines):
        return None
    out: list[_Url | str] = []
    for number, line in lines:
        if not _URL_LINE.match(line):
            out.append(f"{path}:{number}: not a URL: {line[:80]} (write it with http:// or https://)")
            continue
        out.append(_url_slot(line, where=f"{path}:{number}: "))
    return out


def _url_slot(url: str, where: str = "", published: datetime | None = None) -> _Url | str:
    """The URL to fetch, or the one line saying why it is not fetched."""
    try:
        check_url(url)
    except InputError as e:
        return f"{where}{redact(url)}: {e}"
    return _Url(url, published)


def _feed_slots(feed: str, fetcher: Fetcher, options: ReadOptions, notes: list[str]) -> list[Path | _Url | str]:
    try:
        if _SCHEME.match(feed) and not Path(feed).exists():
            if isinstance(refused := _url_slot(feed), str):
                return [refused]
            page = fetcher.fetch(feed, accept=None, feed=True)
            parsed = parse_feed(page.body, feed, base_url=page.final_url)
        else:
            try:
                data = Path(feed).read_bytes()
            except OSError as e:
                raise InputError(f"{feed}: cannot read this feed ({e.strerror})") from None
            parsed = parse_feed(data, feed)
    except InputError as e:
        return [str(e)]
    chosen = select(parsed, options.since, options.limit)
    if not chosen.entries:
        dates = [e.published for e in parsed.entries if e.published]
        newest = f"; the newest is from {max(dates):%Y-%m-%d %H:%M} UTC" if dates else "; none has a date"
        since = f"{options.since:%Y-%m-%d %H:%M} UTC"  # only --since can leave none: --limit is at least 1
        return [f"{feed}: no entry published since {since} ({len(parsed.entries)} entries{newest})"]
    if len(chosen.entries) < len(parsed.entries):
        why = [*(["--since"] if options.since else []), *(["--limit"] if options.limit else [])]
        undated = f"; {chosen.undated} left out for having no date" if chosen.undated else ""
        taken = f"{len(chosen.entries)} of {len(parsed.entries)} entries taken"
        notes.append(f"{feed}: {taken} by {' and '.join(why)}{undated}")
    return [_url_slot(e.link, f"{feed}: entry ", e.published) for e in chosen.entries]


def _fetch_all(slots: list[Path | _Url | str], fetcher: Fetcher, out: Gathered) -> None:
    from summarizer.read.web import article_from_page

    seen: set[str] = set()
    unique: list[Path | _Url | str] = []
    for slot in slots:
        key = slot.url if isinstance(slot, _Url) else None
        if key is None or key not in seen:
            unique.append(slot)
            seen.add(key or "")

    def read(slot: _Url) -> Article | str:
        try:
            return article_from_page(fetcher.fetch(slot.url), slot.published)
        except InputError as e:
            message = str(e)
            return message if message.startswith(slot.url) else f"{slot.url}: {message}"
        except Exception as e:  # a page that trips a library must not lose the other pages
            return f"{slot.url}: could not read this page (unexpected {type(e).__name__}: {e})"

    with ThreadPoolExecutor(FETCH_THREADS) as pool:
        done = {id(s): pool.submit(read, s) for s in unique if isinstance(s, _Url)}
        for slot in unique:
            result = done[id(slot)].result() if isinstance(slot, _Url) else slot
            if isinstance(result, str):
                out.failed.append(result)
            else:
                out.sources.append(result)
