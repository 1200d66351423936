"""(7) The shared prefix: the embedded llama.cpp server's prompt processing time per article when every
article's prompt starts with the same tokens (the system message: instructions and counts), against the
same prompts made to differ from their first line (a per-article line put before the system text).

llama.cpp keeps the last prompt's tokens and evaluates only what follows the longest common prefix, so an
article sent after another one re-uses the shared start. Each request asks for one token (max_tokens=1):
its time is the prompt's processing, read from the server's own log (llama.cpp's "prefix-match hit" and
"total time"), beside the wall time. Articles are sent in turn, each after a different one; the first
request of each run is a warm-up and not counted. A few minutes of CPU on 2 cores.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.corpus import SAMPLE
from bench.tokens import chatml_counter, tokenizer


def _post(url: str, body: dict[str, Any]) -> tuple[float, int]:
    request = urllib.request.Request(
        f"{url}/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        answer = json.loads(response.read())
    return time.perf_counter() - started, answer["usage"]["prompt_tokens"]


def bodies() -> list[dict[str, Any]]:
    """The first request of each sample article's brief, as the embedded model gets it, for one token."""
    from summarizer.api import Summarizer
    from summarizer.brief.draft import BriefDraft
    from summarizer.extract.analysis import read_figures
    from summarizer.model.settings import Settings
    from summarizer.model.wire import chat_body
    from summarizer.read.ingest import read_article

    out = []
    with tempfile.TemporaryDirectory() as scratch, Summarizer(Settings(cache_dir=Path(scratch))) as summarizer:
        for path in sorted(SAMPLE.glob("*.txt")):
            article = read_article(path)
            figures = read_figures(article)
            messages, _ = summarizer.pipeline.messages(article, figures)
            body = chat_body(summarizer.llm, messages, BriefDraft, {"article": article, "figures": figures})
            out.append({**body, "max_tokens": 1})
    return out


def unshared(body: dict[str, Any], i: int) -> dict[str, Any]:
    """The same request with a line of its own before the system text: no prefix shared with the others."""
    system, *rest = body["messages"]
    return {**body, "messages": [{**system, "content": f"Article {i + 1} of the batch.\n" + system["content"]}, *rest]}


def _server_log(path: Path | None, start: int) -> tuple[list[int], list[float]]:
    """Per request since byte `start` of the server's log: prefix tokens re-used, and llama.cpp's own
    total time in seconds (prompt processing and the one token)."""
    text = path.read_text(encoding="utf-8", errors="replace")[start:] if path else ""
    blocks = text.split("POST /v1/chat/completions")
    hits, seconds = [], []
    for block in blocks[:-1] if len(blocks) > 1 else []:
        hit = re.search(r"(\d+) prefix-match hit", block)
        total = re.search(r"total time =\s+([\d.]+) ms", block)
        hits.append(int(hit.group(1)) if hit else 0)
        seconds.append(float(total.group(1)) / 1000 if total else float("nan"))
    return hits, seconds


def measure(rounds: int = 1) -> dict[str, Any]:
    from summarizer.model.embedded import EmbeddedServer

    # The messages alone: llama.cpp puts the tool schema into the grammar, not the prompt (checked below
    # against the prompt tokens the server reports), and building that grammar would blur the timing.
    shared = [{k: v for k, v in b.items() if k not in ("tools", "tool_choice")} for b in bodies()]
    apart = [unshared(b, i) for i, b in enumerate(shared)]
    count, name = tokenizer()
    chatml = chatml_counter()
    server = EmbeddedServer().start()
    out: dict[str, dict[str, list[float]]] = {k: {"wall": [], "server": [], "hit": []} for k in ("shared", "apart")}
    prompt_tokens: list[int] = []
    try:
        # what the server counts for the requests a run sends, tool and tool_choice included, against the
        # prompt llama.cpp builds from the messages alone (the GGUF's chat template, SmolLM2 tokenizer)
        with_tool = [_post(server.base_url, body)[1] for body in bodies()]
        for kind, requests in (("shared", shared), ("apart", apart)) * 2:
            _post(server.base_url, requests[-1])  # warm-up: the next request follows another article
            start = server.log_path.stat().st_size if server.log_path else 0
            for _ in range(rounds):
                for body in requests:
                    seconds, tokens = _post(server.base_url, body)
                    out[kind]["wall"].append(seconds)
                    prompt_tokens.append(tokens)
            hits, totals = _server_log(server.log_path, start)
            out[kind]["hit"] += hits
            out[kind]["server"] += totals
    finally:
        server.stop()
    counted = [sum(count(m["content"]) for m in b["messages"]) for b in shared]
    return {
        "with_tool": with_tool,
        "chatml": [chatml(b["messages"]) for b in shared] if chatml else [],
        "tokenizer": name,
        "prefix_tokens": count(shared[0]["messages"][0]["content"]),
        **{f"{k}_{m}": statistics.median(v[m]) if v[m] else float("nan") for k, v in out.items() for m in v},
        "prompt_median": statistics.median(prompt_tokens),
        "messages_median": statistics.median(counted),
        "requests": len(prompt_tokens),
    }


def prefix_section() -> str:
    m = measure()
    saved = m["apart_server"] - m["shared_server"]
    return (
        f"### Shared prefix: prompt processing per article on the embedded server ({m['requests']} requests)\n\n"
        "| prompts | prefix tokens re-used (median) | llama.cpp time s (median) | wall s (median) |\n"
        "|---|---|---|---|\n"
        f"| every article's starts with the same system message ({m['prefix_tokens']} tokens, {m['tokenizer']}) "
        f"| {m['shared_hit']:.0f} | {m['shared_server']:.2f} | {m['shared_wall']:.2f} |\n"
        f"| the same prompts, each with a line of its own first | {m['apart_hit']:.0f} | {m['apart_server']:.2f} "
        f"| {m['apart_wall']:.2f} |\n\n"
        f"The shared start saves {saved:.2f} s per article ({saved / m['apart_server']:.0%} of its processing). "
        f"The server reported a median of {m['prompt_median']:.0f} prompt tokens against {m['messages_median']:.0f} "
        "tokens of message text.\n\nWhat the server counts for each article's request as a run sends it (tool and "
        f"tool_choice included), against the messages in the GGUF's chat template: {m['with_tool']} reported, "
        f"{m['chatml']} counted. "
        + (
            "Equal: the tool schema is not in llama.cpp's prompt (it becomes the grammar)."
            if m["with_tool"] == m["chatml"]
            else "They differ: the server's prompt holds more than the templated messages."
        )
    )


if __name__ == "__main__":
    print(prefix_section())
