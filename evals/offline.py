"""Briefs and the ledger with no model: what `summarizer eval --offline` scores.

Figures, their attribution, the ledger, its disagreements and agreements are all made by code; the model
only writes prose and names. So they can be measured in a second, without a model server: each brief is
assembled as it is when the model returns nothing usable (every model field drawn from the text), and the
ledger is built from those briefs exactly as `build_briefing` builds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.brief.assemble import assemble
from summarizer.briefing.ledger import build_ledger
from summarizer.extract.analysis import analyse
from summarizer.schemas import ArticleBrief, Usage

OFFLINE_MODEL = "none (offline: code only, every model field falls back)"
OFFLINE_PROMPT = "none"


def offline_brief(path: Path) -> ArticleBrief:
    """The brief the tool makes of this article when the model returns nothing usable."""
    a = analyse(path)
    return assemble(a.article, a.figures, a.quotes, a.entities, None, model=OFFLINE_MODEL,
                    prompt_version=OFFLINE_PROMPT, usage=Usage(), notes=[])  # fmt: skip


def run_offline(paths: list[Path]) -> tuple[list[ArticleBrief], dict[str, Any]]:
    """Per-article briefs and a briefing object holding the code-built ledger, disagreements and
    agreements (the parts of a `CorpusBriefing` the eval scores)."""
    briefs = [offline_brief(p) for p in paths]
    groups, disagreements, agreements = build_ledger(briefs)
    briefing = {
        "ledger": [g.model_dump(mode="json") for g in groups],
        "disagreements": [d.model_dump(mode="json") for d in disagreements],
        "agreements": [a.model_dump(mode="json") for a in agreements],
    }
    return briefs, briefing
