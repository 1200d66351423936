"""summarizer: briefings from news articles where every number is traceable to its source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["ArticleBrief", "Figure", "Summarizer", "SummarizerError", "__version__"]

if TYPE_CHECKING:
    from summarizer.api import Summarizer
    from summarizer.errors import SummarizerError
    from summarizer.schemas import ArticleBrief, Figure

_LAZY = {"Summarizer": ".api", "SummarizerError": ".errors", "ArticleBrief": ".schemas", "Figure": ".schemas"}


def __getattr__(name: str) -> Any:
    # Imported on first use so that `summarizer --help` and cached runs do not pay for openai/instructor.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
