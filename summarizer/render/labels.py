"""Short article labels for people: "A1", "A2", ... in corpus order, in place of file-stem ids.

The JSON keeps the full ids (programs and the eval harness key on them); renderers call `relabel` so a
reader sees "[A3 ¶4]" rather than "[002_a1c6e68b0a879c73 ¶4]". The Sources section maps labels to files.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.schemas import CorpusBriefing


def labels(b: CorpusBriefing) -> dict[str, str]:
    return {s.article_id: f"A{i + 1}" for i, s in enumerate(b.sources)}


def relabel(b: CorpusBriefing) -> CorpusBriefing:
    """A copy of `b` with every article id replaced by its label."""
    names = labels(b)
    ids = re.compile("|".join(rf"(?<![\w-]){re.escape(k)}(?![\w-])" for k in sorted(names, key=len, reverse=True)))
    ids = ids if names else None

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "article_id" and isinstance(value, str):
                    out[key] = names.get(value, value)
                elif key == "note" and isinstance(value, str):  # notes name articles by id: "(000_04b9…, Ukraine)"
                    out[key] = ids.sub(lambda m: names[m.group()], value) if ids else value
                elif key == "articles" and isinstance(value, list):
                    out[key] = [names.get(v, v) if isinstance(v, str) else walk(v) for v in value]
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return CorpusBriefing.model_validate(walk(b.model_dump()))
