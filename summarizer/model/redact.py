"""Secrets out of text and logs: the API key, and anything shaped like one.

`scrub` is what every error message passes through; `Redact` does the same for log records, since
instructor logs each failed attempt with the server's error text, and a server may echo the key it was
sent ("Incorrect API key provided: sk-..."). Callers may rely on: a record passed through `Redact` holds
neither `secrets` nor a key-shaped word in its message, its arguments or its traceback text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_KEY_LIKE = re.compile(r"\b(sk|key)-[A-Za-z0-9_\-*]{6,}")


def scrub(text: str, secret: str | None = None) -> str:
    """`text` without `secret` and without anything shaped like an API key."""
    if secret:
        text = text.replace(secret, "***")
    return _KEY_LIKE.sub("***", text)


class Redact(logging.Filter):
    """A handler filter that scrubs every record it passes (see the module docstring)."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = scrub(text, secret)
        return scrub(text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = self._clean(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True
