"""RSS and Atom feeds, read with feedparser: the entries' links, titles and dates, newest first as the
feed lists them, narrowed by `--since` and `--limit`.

feedparser is only ever given bytes: given a string that looks like a URL it would fetch it itself, past
the fetcher's guard and cache.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from summarizer.errors import InputError

_SPAN = re.compile(r"(\d+)\s*(m|min|h|d|w)", re.I)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class Entry:
    link: str
    title: str | None
    published: datetime | None  # UTC


@dataclass
class Feed:
    source: str  # the feed's URL or file, as given
    title: str | None
    entries: list[Entry]
    undated: int = 0  # entries left out by --since because they carry no date


def parse_feed(data: bytes, source: str, base_url: str | None = None) -> Feed:
    """The feed's entries that have a link. Raises InputError when it is not a feed or has no entries."""
    import feedparser

    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            reason = str(parsed.get("bozo_exception") or "unreadable").splitlines()[0][:120]
            raise InputError(f"{source}: not an RSS or Atom feed ({reason})")
        raise InputError(f"{source}: no entries in this feed")
    entries = [_entry(e) for e in parsed.entries if e.get("link")]
    if not entries:
        raise InputError(f"{source}: none of the feed's {len(parsed.entries)} entries has a link")
    return Feed(source, parsed.feed.get("title") or None, entries)


def _entry(e: object) -> Entry:
    get = e.get  # type: ignore[attr-defined]
    when = get("published_parsed") or get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(when), UTC) if when else None
    return Entry(link=get("link").strip(), title=(get("title") or "").strip() or None, published=published)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`--since`: "2d", "12h", "1w", "90m" back from now, or a date ("2024-10-01"). Raises ValueError."""
    now = now or datetime.now(UTC)
    if m := _SPAN.fullmatch(text.strip()):
        return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    try:
        day = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is neither a span such as 2d, 12h, 1w nor a date such as 2024-10-01") from None
    return day if day.tzinfo else day.replace(tzinfo=UTC)


def select(feed: Feed, since: datetime | None = None, limit: int | None = None) -> Feed:
    """Entries published at or after `since` (undated ones left out and counted), then the first `limit`."""
    entries = feed.entries
    undated = 0
    if since is not None:
        undated = sum(e.published is None for e in entries)
        entries = [e for e in entries if e.published is not None and e.published >= since]
    if limit is not None:
        entries = entries[:limit]
    return Feed(feed.source, feed.title, entries, undated)
