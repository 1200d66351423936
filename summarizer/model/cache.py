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
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import diskcache
import platformdirs

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
        self._store: diskcache.Cache | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> Cache:
        """The cache a `Settings` asks for: `cache_dir` (or the default) unless `no_cache`."""
        return cls(settings.cache_dir, enabled=not settings.no_cache)

    def _open(self) -> diskcache.Cache:
        if self._store is None:
            self._store = diskcache.Cache(str(self.directory))
        return self._store

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored dict, or None when absent, disabled, or unreadable (treated as a miss)."""
        if not self.enabled:
            return None
        text = self._open().get(key)
        if not isinstance(text, str):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Store `value` under `key` (no-op when disabled). Raises TypeError if it is not JSON."""
        if not self.enabled:
            return
        self._open().set(key, json.dumps(value, ensure_ascii=False, sort_keys=True))

    def info(self) -> dict[str, Any]:
        """{"directory": str, "entries": int, "size_bytes": int, "enabled": bool}."""
        if not self.directory.exists():
            return {"directory": str(self.directory), "entries": 0, "size_bytes": 0, "enabled": self.enabled}
        store = self._open()
        return {
            "directory": str(self.directory),
            "entries": len(store),
            "size_bytes": int(store.volume()),
            "enabled": self.enabled,
        }

    def clear(self) -> int:
        """Remove every entry, even when disabled (it is an explicit user action); return how many."""
        if not self.directory.exists():
            return 0
        return int(self._open().clear())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
