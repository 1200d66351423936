"""(3) Tokens: what each article's call sends, and what a whole briefing sends, counted with SmolLM2's own
tokenizer (llama_cpp, the GGUF's vocabulary only) when it is installed, else estimated as characters / 4.

Counted: the text of the messages and the JSON of the tool schema, as they are in the request body. The
server's chat template adds a few tokens per message on top. Completion tokens are the fake server's
(characters / 4 of the answer it made), not a model's: say so wherever they are shown.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import SAMPLE
from bench.fake_server import fetch_stats, spawned


def tokenizer() -> tuple[Callable[[str], int], str]:
    """A token counter and its name."""
    try:
        import llama_cpp

        from summarizer.model.embedded import model_path

        with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
            vocab = llama_cpp.Llama(model_path=str(model_path()), vocab_only=True, verbose=False)
        return (lambda text: len(vocab.tokenize(text.encode(), add_bos=False, special=False))), "SmolLM2 tokenizer"
    except Exception:  # not installed: an estimate is better than nothing, and says it is one
        return (lambda text: -(-len(text) // 4)), "characters / 4 (estimate)"


@dataclass
class ArticleTokens:
    article: int  # the article's own text as the model sees it (the paragraphs in the prompt)
    messages: int  # system + user message text
    schema: int  # the tools' JSON as a capable model gets it (no bounds: `wire._WireSchema`)
    bounded_schema: int  # the tools' JSON as the embedded model gets it (bounds kept for its grammar)

    @property
    def overhead(self) -> float:
        """Template and schema tokens as a share of the article's own (what a capable model is sent)."""
        return (self.messages + self.schema - self.article) / self.article

    @property
    def template_overhead(self) -> float:
        """Template tokens alone as a share of the article's: what the llama.cpp server's prompt holds
        (it turns the schema into a grammar, not into prompt text)."""
        return (self.messages - self.article) / self.article


def per_article(count: Callable[[str], int]) -> list[ArticleTokens]:
    from summarizer.api import Summarizer
    from summarizer.brief.draft import BriefDraft
    from summarizer.extract.analysis import read_figures
    from summarizer.model.settings import Settings
    from summarizer.model.wire import tool
    from summarizer.read.ingest import read_article

    rows = []
    with tempfile.TemporaryDirectory() as scratch, Summarizer(Settings(cache_dir=Path(scratch))) as summarizer:
        for path in sorted(SAMPLE.glob("*.txt")):
            article = read_article(path)
            messages, _ = summarizer.pipeline.messages(article, read_figures(article))
            own = "\n".join(p.text for p in article.kept)
            text = "\n".join(m["content"] for m in messages)
            lean, bounded = (count(json.dumps([tool(BriefDraft, b)])) for b in (False, True))
            rows.append(ArticleTokens(count(own), count(text), lean, bounded))
    return rows


def per_briefing(count: Callable[[str], int]) -> dict[str, Any]:
    """Every request of one cold `summarizer brief` of the sample corpus (against the fake server)."""
    with tempfile.TemporaryDirectory() as scratch, spawned(0.0, keep_bodies=True) as url:
        env = {**os.environ, "SUMMARIZER_BASE_URL": url, "SUMMARIZER_MODEL": "fake"}
        env["SUMMARIZER_CACHE_DIR"] = str(Path(scratch) / "cache")
        command = [sys.executable, "-m", "summarizer", "brief", str(SAMPLE), "-o", str(Path(scratch) / "b.md")]
        subprocess.run(command, env=env, capture_output=True, check=True)
        bodies = fetch_stats(url)["bodies"]
    prompts = [
        count("\n".join(m["content"] or "" for m in b["messages"])) + count(json.dumps(b.get("tools", [])))
        for b in bodies
    ]
    names = [b["tools"][0]["function"]["name"] if b.get("tools") else "?" for b in bodies]
    return {"calls": len(bodies), "prompt_tokens": sum(prompts), "by_schema": {n: names.count(n) for n in set(names)}}


def recorded_usage(cache_dir: Path) -> dict[str, Any]:
    """Token usage the embedded model reported, from a cache filled by one cold `summarizer brief` of the
    sample corpus: per article (its BriefDraft call, re-asks included) and summed over every call."""
    import diskcache

    from summarizer.api import Summarizer
    from summarizer.brief.draft import BriefDraft
    from summarizer.extract.analysis import read_figures
    from summarizer.model.settings import Settings
    from summarizer.read.ingest import read_article

    store = diskcache.Cache(str(cache_dir))
    entries = {key: json.loads(store[key]) for key in store.iterkeys()}
    store.close()
    articles = []
    with tempfile.TemporaryDirectory() as scratch, Summarizer(Settings(cache_dir=Path(scratch))) as summarizer:
        for path in sorted(SAMPLE.glob("*.txt")):
            article = read_article(path)
            messages, _ = summarizer.pipeline.messages(article, read_figures(article))
            key = summarizer.llm.cache_key(messages, BriefDraft, summarizer.pipeline.template.fingerprint)
            articles.append(entries.get(key, {}).get("usage"))
    usages = [e["usage"] for e in entries.values()]
    return {
        "articles": articles,
        "calls": len(usages),
        "attempts": sum(u["attempts"] for u in usages),
        "prompt_tokens": sum(u["prompt_tokens"] for u in usages),
        "completion_tokens": sum(u["completion_tokens"] for u in usages),
    }


def summary(rows: list[ArticleTokens]) -> dict[str, float]:
    return {
        "article_median": statistics.median(r.article for r in rows),
        "prompt_median": statistics.median(r.messages + r.schema for r in rows),
        "schema": rows[0].schema,
        "bounded_schema": rows[0].bounded_schema,
        "overhead_median": statistics.median(r.overhead for r in rows),
        "overhead_min": min(r.overhead for r in rows),
        "overhead_max": max(r.overhead for r in rows),
        "template_median": statistics.median(r.template_overhead for r in rows),
    }
