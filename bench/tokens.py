"""(3) Tokens: what each article's call sends, and what a whole briefing sends, counted with SmolLM2's own
tokenizer (llama_cpp, the GGUF's vocabulary only) when it is installed, else estimated as characters / 4.

Each article's brief request is counted three ways, one per kind of provider (bench/RESULTS.md, section 9):
- llama.cpp (the embedded model): the prompt the server builds, the messages in the GGUF's ChatML template,
  by SmolLM2's tokenizer. The tool schema becomes the server's grammar, not prompt text (`server_prompts`
  checks this against the `usage.prompt_tokens` of real requests to the embedded server).
- OpenAI: the cookbook's formula for messages and tool definitions, o200k_base (`bench/openai_tokens.py`).
- A chat template that pastes the tool's JSON into the prompt (as many open models' templates do): the
  message text and the JSON of the tool, by SmolLM2's tokenizer; the chat template's few tokens left out.
Completion tokens are the fake server's (characters / 4 of the answer it made), not a model's: say so
wherever they are shown.
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

from bench import openai_tokens
from bench.corpus import SAMPLE
from bench.fake_server import fetch_stats, spawned


def _vocab() -> Any:
    import llama_cpp

    from summarizer.model.embedded import model_path

    with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
        return llama_cpp.Llama(model_path=str(model_path()), vocab_only=True, verbose=False)


def tokenizer() -> tuple[Callable[[str], int], str]:
    """A token counter and its name."""
    try:
        vocab = _vocab()
        return (lambda text: len(vocab.tokenize(text.encode(), add_bos=False, special=False))), "SmolLM2 tokenizer"
    except Exception:  # not installed: an estimate is better than nothing, and says it is one
        return (lambda text: -(-len(text) // 4)), "characters / 4 (estimate)"


def chatml_counter() -> Callable[[list[dict[str, Any]]], int] | None:
    """Tokens of the prompt llama.cpp builds from the messages: the GGUF's own chat template (ChatML),
    generation prompt included, special tokens read as such. None when llama_cpp is not installed."""
    try:
        import jinja2

        vocab = _vocab()
        template = jinja2.Environment().from_string(vocab.metadata["tokenizer.chat_template"])
    except Exception:
        return None

    def count(messages: list[dict[str, Any]]) -> int:
        prompt = template.render(messages=messages, add_generation_prompt=True)
        return len(vocab.tokenize(prompt.encode(), add_bos=False, special=True))

    return count


@dataclass
class ArticleTokens:
    article: int  # the article's own text as the model sees it (the paragraphs in the prompt)
    messages: int  # system + user message text
    schema: int  # the tools' JSON as a capable model gets it (no bounds: `wire._WireSchema`)
    bounded_schema: int  # the tools' JSON as the embedded model gets it (bounds kept for its grammar)
    llama: int | None  # the prompt llama.cpp builds (ChatML around the messages), SmolLM2 tokenizer
    openai_article: int  # the article's own text, o200k_base
    openai_prompt: int  # the request as the cookbook counts it: messages and the tool definition
    openai_tool: int  # of which the tool definition

    @property
    def overhead(self) -> float:
        """Template and the tool's JSON as a share of the article's: a chat template that pastes the JSON."""
        return (self.messages + self.schema - self.article) / self.article

    @property
    def template_overhead(self) -> float:
        """The message text alone (no chat template, no schema) as a share of the article's."""
        return (self.messages - self.article) / self.article

    @property
    def llama_overhead(self) -> float | None:
        """What the embedded llama.cpp server's prompt holds besides the article (it turns the schema into a
        grammar, not into prompt text)."""
        return None if self.llama is None else (self.llama - self.article) / self.article

    @property
    def openai_overhead(self) -> float:
        """What OpenAI bills besides the article, by its cookbook's formula (tool included)."""
        return (self.openai_prompt - self.openai_article) / self.openai_article


def brief_requests() -> list[tuple[str, list[dict[str, str]]]]:
    """Each sample article's own text (the kept paragraphs) and the messages of its brief request."""
    from summarizer.api import Summarizer
    from summarizer.extract.analysis import read_figures
    from summarizer.model.settings import Settings
    from summarizer.read.ingest import read_article

    out = []
    with tempfile.TemporaryDirectory() as scratch, Summarizer(Settings(cache_dir=Path(scratch))) as summarizer:
        for path in sorted(SAMPLE.glob("*.txt")):
            article = read_article(path)
            messages, _ = summarizer.pipeline.messages(article, read_figures(article))
            out.append(("\n".join(p.text for p in article.kept), messages))
    return out


def per_article(count: Callable[[str], int]) -> list[ArticleTokens]:
    from summarizer.brief.draft import BriefDraft
    from summarizer.model.wire import tool

    llama = chatml_counter()
    o200k, _ = openai_tokens.o200k()
    lean, bounded = (count(json.dumps([tool(BriefDraft, b)])) for b in (False, True))
    openai_tool = openai_tokens.tool_tokens(tool(BriefDraft, False), o200k)
    rows = []
    for own, messages in brief_requests():
        text = "\n".join(m["content"] for m in messages)
        openai_prompt = openai_tokens.messages_tokens(messages, o200k) + openai_tool
        rows.append(
            ArticleTokens(
                count(own),
                count(text),
                lean,
                bounded,
                llama(messages) if llama else None,
                o200k(own),
                openai_prompt,
                openai_tool,
            )
        )
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


def summary(rows: list[ArticleTokens]) -> dict[str, float | None]:
    llama = [r.llama_overhead for r in rows if r.llama_overhead is not None]
    return {
        "article_median": statistics.median(r.article for r in rows),
        "prompt_median": statistics.median(r.messages + r.schema for r in rows),
        "schema": rows[0].schema,
        "bounded_schema": rows[0].bounded_schema,
        "openai_tool": rows[0].openai_tool,
        "overhead_median": statistics.median(r.overhead for r in rows),
        "overhead_min": min(r.overhead for r in rows),
        "overhead_max": max(r.overhead for r in rows),
        "template_median": statistics.median(r.template_overhead for r in rows),
        "llama_median": statistics.median(llama) if llama else None,
        "openai_median": statistics.median(r.openai_overhead for r in rows),
    }
