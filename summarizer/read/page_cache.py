"""Fetched pages on disk, by URL, with the headers that let a re-run ask "changed since?".

A re-run sends If-None-Match / If-Modified-Since from what is stored here; a 304 answer means the stored
body is used as it is, so the article's text, and with it the model call's cache key, stay the same.

Callers may rely on: metadata is stored as JSON text and bodies as raw bytes, never pickles (a cache
directory can be shared, and unpickling what someone else wrote runs their code); only complete 200
answers are stored; a directory that cannot be used makes the cache a no-op, never a failed fetch.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import diskcache
import platformdirs


def default_directory() -> Path:
    """`$SUMMARIZER_CACHE_DIR/pages` if set, else `<user cache dir>/summarizer/pages`."""
    configured = os.environ.get("SUMMARIZER_CACHE_DIR")
    if configured:
        return Path(configured).expanduser() / "pages"
    return Path(platformdirs.user_cache_dir("summarizer")) / "pages"


@dataclass(frozen=True)
class Stored:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # the media type, e.g. "text/html"
    charset: str | None
    etag: str | None
    last_modified: str | None


class PageCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_directory()
        self._store: diskcache.Cache | None = None
        self._broken = False

    def _open(self) -> diskcache.Cache | None:
        if self._store is None and not self._broken:
            try:
                self._store = diskcache.Cache(str(self.directory))
            except OSError:
                self._broken = True  # read-only or full disk: pages are fetched every time
        return self._store

    def get(self, url: str) -> tuple[Stored, bytes] | None:
        store = self._open()
        if store is None:
            return None
        meta, body = store.get("meta:" + url), store.get("body:" + url)
        if not isinstance(meta, str) or not isinstance(body, bytes):
            return None
        try:
            return Stored(**json.loads(meta)), body
        except (ValueError, TypeError):
            return None  # written by another version: fetched anew and replaced

    def put(self, stored: Stored, body: bytes) -> None:
        store = self._open()
        if store is None:
            return
        try:
            store.set("body:" + stored.url, body)
            store.set("meta:" + stored.url, json.dumps(asdict(stored)))
        except OSError:
            pass  # a full disk loses the cache entry, not the page

    def count(self) -> int:
        """Pages stored (opens nothing that is not there)."""
        if not self.directory.exists() or (store := self._open()) is None:
            return 0
        return sum(1 for key in store.iterkeys() if isinstance(key, str) and key.startswith("meta:"))

    def clear(self) -> int:
        """Removes every stored page; returns how many there were."""
        pages = self.count()
        if pages and (store := self._open()) is not None:
            store.clear()
        return pages

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
