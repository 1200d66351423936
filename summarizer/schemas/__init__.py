"""The records the tool produces: what a caller of the Python API or a reader of the JSON may rely on.

`brief` holds one article's `ArticleBrief` and its parts (figures, quotes, entities, usage); `briefing`
the `CorpusBriefing` across articles. Both are plain pydantic models: every stage reads and writes them,
and none of them imports anything else of the package, so any stage may depend on them. `wording` says how
their values read to people ("162 seats", "$11.7bn", "8 Sep"), for the ledger's notes and the renderers alike.
"""

from summarizer.schemas.brief import (
    ArticleBrief,
    Dropped,
    Entity,
    Figure,
    FigureKind,
    KeyPoint,
    Origin,
    Quote,
    Span,
    Text,
    Usage,
)
from summarizer.schemas.briefing import (
    Agreement,
    Citation,
    Claim,
    CorpusBriefing,
    Development,
    Disagreement,
    LedgerGroup,
    LedgerValue,
    SourceInfo,
    Speaker,
    TimelineEvent,
)

__all__ = [
    "Agreement",
    "ArticleBrief",
    "Citation",
    "Claim",
    "CorpusBriefing",
    "Development",
    "Disagreement",
    "Dropped",
    "Entity",
    "Figure",
    "FigureKind",
    "KeyPoint",
    "LedgerGroup",
    "LedgerValue",
    "Origin",
    "Quote",
    "SourceInfo",
    "Span",
    "Speaker",
    "Text",
    "TimelineEvent",
    "Usage",
]
