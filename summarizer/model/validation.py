"""The context model-output validators check against, handed to them without going through instructor.

instructor v2 uses its `context=` argument twice: as pydantic's validation context, and as variables
for Jinja templating of every message. Our messages hold article text, and an article containing
`{{ ... }}` or `{% ... %}` would be evaluated (or crash the call). So `LLM.structured` passes no
`context=`; it sets this variable around the call instead, and validators read it when pydantic gives
them none. It follows the asyncio task, so concurrent calls each see their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import ValidationInfo

_CURRENT: ContextVar[dict[str, Any] | None] = ContextVar("summarizer_check_context", default=None)


@contextmanager
def checking(context: dict[str, Any] | None) -> Iterator[None]:
    token = _CURRENT.set(context)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check_context(info: ValidationInfo) -> dict[str, Any]:
    """What a validator checks against: pydantic's context if given, else the call's; {} for none."""
    return info.context or _CURRENT.get() or {}
