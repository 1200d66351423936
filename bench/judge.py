"""(6) The judge's cost: tokens of the one extra call per brief, for the hand-written answers of
evals/answers (what a capable model would write), counted with the same tokenizer as `tokens.py`.

Prompt tokens are counted from the request body the judge sends (messages and tool schema). Completion
tokens are estimated: a verdict per sentence with its evidence (about 30 words), as the schema asks.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench.fake_server import ThreadedFakeServer
from bench.tokens import tokenizer

ROOT = Path(__file__).resolve().parent.parent
_VERDICT = {"sentence_id": "S10", "supported": True, "evidence": " ".join(["word"] * 25)}


def judge_tokens() -> tuple[list[dict[str, int]], str]:
    """Per article: sentences judged, prompt tokens, estimated completion tokens."""
    from evals.answers import FOLDER, draft_for
    from summarizer.api import Summarizer
    from summarizer.model.settings import Settings

    count, name = tokenizer()
    current: dict[str, Any] = {}

    def answers(schema: str, body: dict[str, Any]) -> dict[str, Any] | None:
        return draft_for(current["answer"], body) if schema == "BriefDraft" else None

    server = ThreadedFakeServer(keep_bodies=True, answers=answers)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(model="hand-written", base_url=server.url, reasks=0, cache_dir=Path(tmp))
            with Summarizer(settings) as s:
                for path in sorted(FOLDER.glob("*/*.yaml")):
                    data = yaml.safe_load(path.read_text(encoding="utf-8"))
                    current["answer"] = data["faithful"]
                    s.summarize(ROOT / data["article"])
                    body = next(
                        b for b in reversed(server.stats()["bodies"]) if b["tools"][0]["function"]["name"] == "Verdicts"
                    )
                    sent = sum(count(m["content"]) for m in body["messages"]) + count(json.dumps(body["tools"]))
                    judged = len(re.findall(r"^Sentence S\d+", body["messages"][-1]["content"], re.M))
                    rows.append(
                        {"sentences": judged, "prompt": sent, "completion": judged * count(json.dumps(_VERDICT))}
                    )
    finally:
        server.close()
    return rows, name


def judge_section() -> str:
    rows, name = judge_tokens()
    prompt = [r["prompt"] for r in rows]
    completion = [r["completion"] for r in rows]
    return (
        f"### The judge's call per brief ({name}; hand-written answers of evals/answers, 10 articles)\n\n"
        f"Sentences judged per brief: median {statistics.median(r['sentences'] for r in rows):.0f}. "
        f"Prompt tokens: median {statistics.median(prompt):.0f} (range {min(prompt)}-{max(prompt)}). "
        f"Completion tokens (estimated, a verdict with ~25 words of evidence per sentence): median "
        f"{statistics.median(completion):.0f}."
    )


if __name__ == "__main__":
    print(judge_section())
