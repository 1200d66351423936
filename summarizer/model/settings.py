"""Settings: environment variables (SUMMARIZER_*, OPENAI_API_KEY), overridden by CLI flags or arguments.

Read when a `Settings` is made, never at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EMBEDDED = "embedded"
Mode = Literal["tools", "json_schema", "json"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore", populate_by_name=True)

    # None or "embedded" with no base_url: the embedded SmolLM2 server, started on demand.
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SUMMARIZER_API_KEY", "OPENAI_API_KEY")
    )
    # How instructor asks for structured output. None: chosen per backend (tools works on OpenAI,
    # vLLM, Ollama and the llama.cpp server alike).
    mode: Mode | None = None
    temperature: float = 0.0
    seed: int = 0
    # None: chosen per backend in `_defaults` (the embedded model gets a smaller budget: it fills whatever
    # it is given with repetition at about 37 tokens/s, so a large budget only makes failures slower)
    max_tokens: int | None = None
    # None: 300 s for the embedded model (llama.cpp keeps working on a request the client gave up on, so a
    # short timeout only queues the retry behind it), 120 s otherwise
    timeout: float | None = None
    reasks: int | None = Field(default=None, ge=0, le=5)  # validation re-asks after the first attempt
    transport_retries: int = Field(default=4, ge=0, le=10)  # retries of 5xx/timeouts/connection errors
    # the bound on one call's waits between retries, in seconds: what rides out a 429 storm (429s are not
    # counted as failures, since the server is pacing us) and what ends it
    retry_seconds: float = Field(default=300.0, gt=0)
    context_window: int | None = None  # tokens; None: 8192 for the embedded model, 128000 otherwise
    cache_dir: Path | None = None  # None: the user cache directory
    prompts_dir: Path | None = None  # None: the project's prompts/ (another folder to try prompt versions)
    no_cache: bool = False
    concurrency: int = Field(default=4, ge=1, le=512)
    # processes for the code analysis of batches that fill the pool's window (`workers.py`); 0: all in this
    # process. The CLI uses one fewer than the CPUs unless told; a program opts in, as with any library
    # that starts processes.
    workers: int = Field(default=0, ge=0, le=64)
    # The entailment judge (`brief/judge.py`): one more call per brief, made by this model (same endpoint)
    # or, when unset, by the configured model unless that is the embedded one. no_judge turns it off.
    judge_model: str | None = None
    no_judge: bool = False

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        # Written past pydantic's bookkeeping so these stay "unset": `with_overrides` then chooses them
        # again for the new backend (naming a model must not keep the embedded model's budget).
        defaults = {
            "max_tokens": 700 if self.embedded else 1500,
            "reasks": 1 if self.embedded else 2,
            "timeout": 300.0 if self.embedded else 120.0,
        }
        for name, value in defaults.items():
            if getattr(self, name) is None:
                self.__dict__[name] = value
        return self

    def with_overrides(self, **overrides: object) -> Settings:
        """These settings with some changed, backend-dependent defaults chosen again."""
        given = {name: getattr(self, name) for name in self.model_fields_set}
        return Settings(**{**given, **overrides})

    @property
    def embedded(self) -> bool:
        return self.base_url is None and self.model in (None, EMBEDDED)

    @property
    def judge_enabled(self) -> bool:
        """A capable model is there to judge: never the embedded one."""
        return not self.no_judge and not self.judge_settings().embedded

    def judge_settings(self) -> Settings:
        return self.with_overrides(model=self.judge_model) if self.judge_model else self

    @property
    def resolved_mode(self) -> Mode:
        return self.mode or "tools"

    @property
    def resolved_context_window(self) -> int:
        if self.context_window:
            return self.context_window
        return 8192 if self.embedded else 128_000
