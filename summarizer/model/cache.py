"""A disk cache of model calls, so a re-run with the same inputs costs no tokens and no server.

Callers may rely on:
- `cache_key(**parts)` is the SHA-256 of the parts as canonical JSON (sorted keys, no whitespace): the
  same parts give the same key in every process and on every machine, any changed part a new key.
  The LLM passes model, endpoint, mode, messages, schema, temperature, seed and prompt_version;
  the endpoint of the embedded model is "embedded:<gguf file name>" (never its random port), and
  no secret is ever a part (`cache_key` refuses part names such as api_key or authorization).
- Values are JSON-serialisable dicts, stored as JSON text (not pickles: a cache directory can be
  shared, and unpickling what someone else wrote runs their code).
- The caller decides what is stored: the LLM stores only successful results (a validated object,
  or re-asks exhausted with a parseable object), never transport errors.
- A disabled cache answers every `get` with None, stores nothing and creates no directory.
- A cache that fails never fails a call: a damaged one (not a database, a bad page) is a miss and stores
  nothing; one that cannot be written (read-only folder or file, disk full) still serves what it holds
  and stores nothing new. Each problem is logged once, as a warning naming the path
  (`summarizer.model.cache`; with no logging configured Python prints it on stderr), and kept in
  `problem`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

import diskcache
import platformdirs

from summarizer.errors import SummarizerError

log = logging.getLogger("summarizer.model.cache")
FILE = "cache.db"  # diskcache's database in the directory; values over 32 KB sit beside it in .val files
# What a cache on disk can raise: sqlite (damaged, read-only, locked, full), the file system, diskcache's lock
_FAILURES = (sqlite3.Error, OSError, diskcache.Timeout)

# Part names that can only hold a secret; `cache_key` refuses them so a key can never leak one.
_SECRET_PARTS = frozenset({"api_key", "key", "authorization", "headers", "token", "secret", "password"})


def default_directory() -> Path:
    """SUMMARIZER_CACHE_DIR if set, else `<user cache dir>/summarizer/calls`."""
    configured = os.environ.get("SUMMARIZER_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir("summarizer")) / "calls"


def cache_key(**parts: Any) -> str:
    """A stable hex key for the parts (see the module docstring)."""
    secret = [name for name in parts if name.lower() in _SECRET_PARTS]
    if secret:
        raise ValueError(f"secrets are never part of a cache key: {', '.join(sorted(secret))}")
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Cache:
    """Model-call results on disk, keyed by `cache_key`. Opened on first use; safe across processes."""

    def __init__(self, directory: Path | None = None, enabled: bool = True):
        self.directory = Path(directory).expanduser() if directory else default_directory()
        self.enabled = enabled
        self._store: diskcache.Cache | ReadOnlyStore | None = None
        self._opened = False
        self.writable = True  # False once the cache is found read-only or damaged: nothing more is stored
        self.problem: str | None = None  # what is wrong with the cache, as the warning said it
        self._why_read_only = ""

    @classmethod
    def from_settings(cls, settings: Any) -> Cache:
        """The cache a `Settings` asks for: `cache_dir` (or the default) unless `no_cache`."""
        return cls(settings.cache_dir, enabled=not settings.no_cache)

    @property
    def path(self) -> Path:
        return self.directory / FILE

    def _open(self) -> diskcache.Cache | ReadOnlyStore | None:
        """The store, opened once: writable, else read-only, else None (the run goes on uncached)."""
        if not self._opened:
            self._opened = True
            try:
                self._store = diskcache.Cache(str(self.directory))
            except _FAILURES as e:
                self._store = self._fall_back(e)
        return self._store

    def _fall_back(self, error: BaseException) -> ReadOnlyStore | None:
        self.writable = False
        if damaged(error):
            self._warn(f"the cache at {self.path} is damaged ({reason(error)}); going on uncached: {CLEAR_HINT}")
            return None
        try:
            store = ReadOnlyStore(self.directory)
        except _FAILURES:
            self._warn(f"the cache at {self.directory} cannot be opened ({reason(error)}); going on uncached")
            return None
        self._warn(f"the cache at {self.directory} cannot be written ({reason(error)}); serving what it holds")
        self._why_read_only = reason(error)
        return store

    def _warn(self, message: str) -> None:
        if self.problem is None:  # once: the first problem explains the rest
            self.problem = message
            log.warning("warning: %s", message)

    def _broke(self, error: BaseException) -> None:
        """A store that failed in use: a damaged one is dropped, one that cannot be written is read only."""
        self.writable = False
        if damaged(error):
            self._warn(f"the cache at {self.path} is damaged ({reason(error)}); going on uncached: {CLEAR_HINT}")
            self.close()
            self._opened = True  # and not opened again
        else:
            self._warn(f"the cache at {self.directory} cannot be written ({reason(error)}); new answers are not kept")

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored dict, or None when absent, disabled, or unreadable (treated as a miss)."""
        store = self._open() if self.enabled else None
        if store is None:
            return None
        try:
            text = store.get(key)
        except _FAILURES as e:
            self._broke(e)
            return None
        if not isinstance(text, str):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Store `value` under `key` (no-op when disabled or not writable). Raises TypeError if it is not JSON."""
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        store = self._open() if self.enabled else None
        if store is None or not self.writable:
            return
        try:
            store.set(key, text)
        except _FAILURES as e:
            self._broke(e)

    def info(self) -> dict[str, Any]:
        """{"directory": str, "entries": int, "size_bytes": int, "enabled": bool, "problem": str | None}."""
        info: dict[str, Any] = {"directory": str(self.directory), "entries": 0, "size_bytes": 0}
        info |= {"enabled": self.enabled, "problem": None}
        store = self._open() if self.directory.exists() else None
        try:
            if store is not None:
                info |= {"entries": len(store), "size_bytes": int(store.volume())}
        except _FAILURES as e:
            self._broke(e)
        return info | {"problem": self.problem}

    def clear(self) -> int:
        """Remove every entry, even when disabled (it is an explicit user action); return how many. A damaged
        cache is removed whole (its files, never anything else in the folder). Raises `CacheError` when the
        cache cannot be changed."""
        if not self.directory.exists():
            return 0
        store = self._open()
        try:
            if isinstance(store, ReadOnlyStore):  # clearing would fail: say why
                why = self._why_read_only
                raise CacheError(f"cannot clear the cache at {self.directory}: it cannot be written ({why})")
            if store is not None:
                return int(store.clear())
            self.close()
            return remove_files(self.directory)
        except _FAILURES as e:
            raise CacheError(f"cannot clear the cache at {self.directory} ({reason(e)})") from None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._opened = False

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


CLEAR_HINT = "`summarizer cache clear` removes it"


class CacheError(SummarizerError):
    """The cache cannot be changed as asked (`cache clear` on a read-only cache)."""


class ReadOnlyStore:
    """What a cache that cannot be written still serves. diskcache has no read-only mode (opening it writes
    its settings and WAL files), so this reads diskcache's table itself, through diskcache's own `Disk`
    for keys and values; `immutable=1` lets sqlite read it without creating its WAL index."""

    def __init__(self, directory: Path) -> None:
        path = directory / FILE
        if not path.is_file():
            raise FileNotFoundError(path)
        self._sql = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._disk = diskcache.Disk(str(directory))
        self._sql.execute("SELECT COUNT(*) FROM Cache").fetchone()  # damaged or not diskcache's: raise now

    def get(self, key: str) -> Any:
        db_key, raw = self._disk.put(key)
        row = self._sql.execute(
            "SELECT mode, filename, value FROM Cache WHERE key = ? AND raw = ?", (db_key, raw)
        ).fetchone()
        if row is None:
            return None
        try:
            return self._disk.fetch(*row, False)
        except OSError:
            return None

    def __len__(self) -> int:
        return int(self._sql.execute("SELECT COUNT(*) FROM Cache").fetchone()[0])

    def volume(self) -> int:
        pages = self._sql.execute("PRAGMA page_count").fetchone()[0]
        return int(pages * self._sql.execute("PRAGMA page_size").fetchone()[0])

    def close(self) -> None:
        self._sql.close()


def damaged(error: BaseException) -> bool:
    """Whether sqlite found the file is not (or no longer) a sound database."""
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text)


def reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def remove_files(directory: Path) -> int:
    """Delete a damaged cache's files: its database and the value files diskcache keeps in two-level
    hex folders beside it. Returns how many files went."""
    removed = 0
    for path in [*directory.glob(FILE + "*"), *directory.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*.val")]:
        path.unlink()
        removed += 1
    for folder in sorted(directory.glob("[0-9a-f][0-9a-f]/*/"), reverse=True) + list(
        directory.glob("[0-9a-f][0-9a-f]/")
    ):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed
