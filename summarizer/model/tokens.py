"""Counting the tokens of a request without sending it (`summarizer ... --estimate`).

The embedded model's own tokenizer when llama_cpp is installed (the GGUF's vocabulary only, ~0.2 s to
load); for any other model, characters / 4: OpenAI's rule of thumb for English text, within about 10-15 %
of its tokenizers on news prose (their vocabularies are not installed here, and tiktoken would download
them). Either way each message costs a few tokens more for the chat template's role markers.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

PER_MESSAGE = 4  # role and separators a chat template adds around each message (OpenAI documents 3-4)


@dataclass(frozen=True)
class TokenCounter:
    name: str  # "SmolLM2 tokenizer", "characters / 4 (an estimate)"
    count: Callable[[str], int]

    def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> int:
        """Prompt tokens of a chat request: each message's text and role, and the tools' JSON."""
        text = sum(self.count(m.get("content") or "") + PER_MESSAGE for m in messages)
        return text + (self.count(json.dumps(tools)) if tools else 0)


def estimate(text: str) -> int:
    return -(-len(text) // 4)


ESTIMATE = TokenCounter("characters / 4 (an estimate)", estimate)


_loading = threading.Lock()


def counter(embedded: bool) -> TokenCounter:
    """The best counter installed for the embedded model (`embedded`) or any other; thread-safe. One
    load at a time: llama_cpp silences the model load by pointing file descriptors 1 and 2 at /dev/null
    and back, and two loads at once would leave stdout pointing there."""
    if not embedded:
        return ESTIMATE
    with _loading:
        return _smollm2()


@cache
def _smollm2() -> TokenCounter:
    try:
        import llama_cpp

        from summarizer.model.embedded import model_path

        with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
            vocab = llama_cpp.Llama(model_path=str(model_path()), vocab_only=True, verbose=False)
    except Exception:  # not installed, or no model file: the estimate, which says it is one
        return ESTIMATE
    return TokenCounter("SmolLM2 tokenizer", lambda text: len(vocab.tokenize(text.encode(), add_bos=False)))
