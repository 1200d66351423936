"""One root exception; every message is a single line a user can act on, and never holds a secret."""

from __future__ import annotations


class SummarizerError(Exception):
    """Root of the tool's errors. The CLI prints `str(error)` on one line and exits non-zero."""


class InputError(SummarizerError):
    """An article could not be read: missing, empty, binary, undecodable, or no articles in a folder."""


class ConfigError(SummarizerError):
    """Settings that cannot work: a model named without an endpoint or key, a bad template."""


class ModelError(SummarizerError):
    """The model endpoint failed: unreachable, refused the key, or kept failing after retries."""


class EmbeddedModelMissing(ConfigError):
    """The embedded model's packages are not installed."""


class TemplateError(ConfigError):
    """A prompt template is malformed or a variable it needs was not given."""


class EndpointError(ModelError):
    """The endpoint cannot serve any request: unreachable, the key refused, the model unknown.
    A batch stops at the first one instead of failing every article the same way."""
