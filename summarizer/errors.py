"""One root exception; every message is a single line a user can act on, and never holds a secret."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pydantic


class SummarizerError(Exception):
    """Root of the tool's errors. The CLI prints `str(error)` on one line and exits non-zero."""


class InputError(SummarizerError):
    """An article could not be read: missing, empty, binary, undecodable, or no articles in a folder."""


class ConfigError(SummarizerError):
    """Settings that cannot work: a model named without an endpoint or key, a bad template."""


class ModelError(SummarizerError):
    """The model endpoint failed: unreachable, refused the key, or kept failing after retries.
    `attempts`: the HTTP calls made in vain (they count in a run's "model calls")."""

    def __init__(self, message: str, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts


class EmbeddedModelMissing(ConfigError):
    """The embedded model's packages are not installed."""


class TemplateError(ConfigError):
    """A prompt template is malformed or a variable it needs was not given."""


class EndpointError(ModelError):
    """The endpoint cannot serve any request: unreachable, the key refused, the model unknown.
    A batch stops at the first one instead of failing every article the same way."""


def validation_lines(error: pydantic.ValidationError, limit: int | None = None) -> list[str]:
    """pydantic's findings as short lines, "where: what" ("figures.0.value: Input should be ..."), the
    first `limit` of them: how every message of ours names an invalid field."""
    found = error.errors(include_url=False)[:limit]
    return [f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in found]
