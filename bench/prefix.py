"""(7) The shared prefix: the embedded llama.cpp server's prompt processing time per article when every
article's prompt starts with the same tokens (the system message: instructions and counts), against the
same prompts made to differ from their first line (a per-article line put before the system text).

llama.cpp keeps the last prompt's tokens and evaluates only what follows the longest common prefix, so an
article sent after another one re-uses the shared start. Each request asks for one token (max_tokens=1):
its time is the prompt's processing. Articles are sent in turn, each after a different one, twice round;
the first request of each run is a warm-up and not counted. About a minute of CPU on 2 cores.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.corpus import SAMPLE
from bench.tokens import tokenizer


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


def measure(rounds: int = 2) -> dict[str, Any]:
    from summarizer.model.embedded import EmbeddedServer

    shared = bodies()
    apart = [unshared(b, i) for i, b in enumerate(shared)]
    count, name = tokenizer()
    server = EmbeddedServer().start()
    try:
        times: dict[str, list[float]] = {"shared": [], "apart": []}
        prompt_tokens: list[int] = []
        for kind, requests in (("shared", shared), ("apart", apart), ("shared", shared), ("apart", apart)):
            _post(server.base_url, requests[-1])  # warm-up: the next request follows another article
            for _ in range(rounds):
                for body in requests:
                    seconds, tokens = _post(server.base_url, body)
                    times[kind].append(seconds)
                    prompt_tokens.append(tokens)
    finally:
        server.stop()
    system = count(shared[0]["messages"][0]["content"])
    counted = [sum(count(m["content"]) for m in b["messages"]) for b in shared]
    return {
        "tokenizer": name,
        "prefix_tokens": system,
        "shared": statistics.median(times["shared"]),
        "apart": statistics.median(times["apart"]),
        "prompt_median": statistics.median(prompt_tokens[: len(shared)]),
        "messages_median": statistics.median(counted),
        "requests": len(times["shared"]) + len(times["apart"]),
    }


def prefix_section() -> str:
    m = measure()
    saved = m["apart"] - m["shared"]
    return (
        f"### Shared prefix: prompt processing per article on the embedded server ({m['requests']} requests)\n\n"
        f"| prompts | median s per article |\n|---|---|\n"
        f"| start with the same system message ({m['prefix_tokens']} tokens, {m['tokenizer']}) | {m['shared']:.2f} |\n"
        f"| the same prompts, each with a line of its own first | {m['apart']:.2f} |\n\n"
        f"The shared start saves {saved:.2f} s per article ({saved / m['apart']:.0%}). The server reported a "
        f"median of {m['prompt_median']:.0f} prompt tokens against {m['messages_median']:.0f} tokens of message "
        "text: the tool schema is not in llama.cpp's prompt (it becomes the grammar)."
    )


if __name__ == "__main__":
    print(prefix_section())
