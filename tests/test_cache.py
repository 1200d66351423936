"""Cache keys are stable, sensitive to every part, blind to the API key; the store behaves as documented."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer.model.cache import Cache, cache_key, default_directory
from summarizer.model.llm import LLM
from summarizer.model.settings import Settings

PARTS: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "endpoint": "https://api.openai.com/v1",
    "mode": "tools",
    "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Text"}],
    "schema": {"type": "object", "properties": {"headline": {"type": "string"}}},
    "temperature": 0.0,
    "seed": 0,
    "prompt_version": "brief-v1",
}
CHANGED: dict[str, Any] = {
    "model": "gpt-4o",
    "endpoint": "http://localhost:11434/v1",
    "mode": "json",
    "messages": [{"role": "user", "content": "Other text"}],
    "schema": {"type": "object", "properties": {"summary": {"type": "string"}}},
    "temperature": 0.2,
    "seed": 1,
    "prompt_version": "brief-v2",
}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Settings read the environment: a developer's SUMMARIZER_* or OPENAI_API_KEY must not leak in.
    for name in [n for n in os.environ if n.startswith("SUMMARIZER_")] + ["OPENAI_API_KEY"]:
        monkeypatch.delenv(name, raising=False)


def test_key_is_stable_and_ignores_part_order() -> None:
    key = cache_key(**PARTS)
    assert key == cache_key(**dict(reversed(list(PARTS.items()))))
    assert len(key) == 64 and int(key, 16) >= 0
    reordered_schema = {"properties": {"headline": {"type": "string"}}, "type": "object"}
    assert key == cache_key(**{**PARTS, "schema": reordered_schema})
    # Pinned: changing the canonical form silently invalidates every user's cache; do it on purpose.
    assert key == "dc45a1a7e56bd981617be289f7fb2150592070244e5631fcedc5a813458d13db"


@pytest.mark.parametrize("part", sorted(PARTS))
def test_key_changes_with_each_part(part: str) -> None:
    assert cache_key(**PARTS) != cache_key(**{**PARTS, part: CHANGED[part]})


def test_key_refuses_secret_parts() -> None:
    with pytest.raises(ValueError, match="api_key"):
        cache_key(**PARTS, api_key="sk-test")


class Brief(BaseModel):
    headline: str


def test_llm_key_does_not_change_with_the_api_key(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    keys = []
    for secret in ("sk-first-key-000000", "sk-second-key-11111"):
        settings = Settings(model="gpt-4o-mini", SUMMARIZER_API_KEY=secret)
        assert settings.api_key is not None and settings.api_key.get_secret_value() == secret
        llm = LLM(settings, cache)
        keys.append(llm.cache_key(PARTS["messages"], Brief, "brief-v1"))
    assert keys[0] == keys[1]
    other = LLM(Settings(model="gpt-4o", SUMMARIZER_API_KEY="sk-first-key-000000"), cache)
    assert other.cache_key(PARTS["messages"], Brief, "brief-v1") != keys[0]


def test_get_set_round_trip(tmp_path: Path) -> None:
    with Cache(tmp_path / "calls") as cache:
        assert cache.get("k") is None
        value = {"data": {"headline": "Ünïcode “quotes”"}, "valid": True, "errors": [], "n": 1.5}
        cache.set("k", value)
        assert cache.get("k") == value
    with Cache(tmp_path / "calls") as reopened:  # persisted, readable by another instance
        assert reopened.get("k") == value


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "calls"
    with Cache(directory, enabled=False) as cache:
        cache.set("k", {"a": 1})
        assert cache.get("k") is None
        assert cache.info()["entries"] == 0
    assert not directory.exists()
    with Cache(directory) as enabled:
        assert enabled.get("k") is None


def test_info_and_clear(tmp_path: Path) -> None:
    directory = tmp_path / "calls"
    with Cache(directory) as cache:
        assert cache.info() == {
            "directory": str(directory),
            "entries": 0,
            "size_bytes": 0,
            "enabled": True,
            "problem": None,
        }
        assert cache.clear() == 0
        for i in range(3):
            cache.set(f"k{i}", {"i": i})
        info = cache.info()
        assert info["entries"] == 3 and info["size_bytes"] > 0
        assert cache.clear() == 3
        assert cache.info()["entries"] == 0
        assert cache.get("k0") is None


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_directory().parts[-2:] == ("summarizer", "calls")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_directory() == tmp_path / "elsewhere"
    assert Cache().directory == tmp_path / "elsewhere"
    assert Cache(tmp_path / "given").directory == tmp_path / "given"  # Settings.cache_dir wins


def test_from_settings(tmp_path: Path) -> None:
    cache = Cache.from_settings(Settings(cache_dir=tmp_path / "c", no_cache=True))
    assert cache.directory == tmp_path / "c" and not cache.enabled
