"""Settings: the embedded default, per-backend defaults chosen again on override, keys by name or env."""

from __future__ import annotations

from summarizer import Summarizer
from summarizer.model.settings import Settings


def test_nothing_configured_means_the_embedded_model_with_its_budget():
    s = Settings()
    assert s.embedded
    assert (s.max_tokens, s.reasks, s.timeout, s.resolved_context_window) == (700, 1, 300.0, 8192)


def test_naming_a_model_chooses_that_backends_defaults_again():
    s = Summarizer(model="qwen2.5:7b", base_url="http://127.0.0.1:11434/v1").settings
    assert not s.embedded
    assert (s.max_tokens, s.reasks, s.timeout, s.resolved_context_window) == (1500, 2, 120.0, 128_000)


def test_explicit_values_survive_overrides(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_MAX_TOKENS", "900")
    s = Settings().with_overrides(model="m", base_url="http://127.0.0.1:1/v1")
    assert s.max_tokens == 900 and s.reasks == 2


def test_api_key_by_name_or_environment(monkeypatch):
    assert Settings(api_key="sk-by-name").api_key.get_secret_value() == "sk-by-name"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    s = Settings()
    assert s.api_key.get_secret_value() == "sk-from-env"
    assert "sk-from-env" not in repr(s) and "sk-from-env" not in s.model_dump_json()
