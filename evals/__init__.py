"""The eval harness: gold figures for a corpus, scoring of briefs against them, and reports."""

from .gold import Gold, GoldError, load_gold
from .report import compare, render, to_json
from .scoring import score

__all__ = ["Gold", "GoldError", "compare", "load_gold", "render", "score", "to_json"]
