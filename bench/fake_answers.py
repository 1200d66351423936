"""The answers the fake server gives: a plausible `BriefDraft` copied from the prompt, or the smallest
instance any other schema allows, as a chat completion. Shared by `fake_server` and `fake_batch`."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from summarizer.brief.marks import unmarked

_WORD_CUT = re.compile(r"\s+\S*$")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else _WORD_CUT.sub("", text[:limit])


def _user(body: dict[str, Any]) -> str:
    return next((m.get("content") or "" for m in reversed(body.get("messages", [])) if m.get("role") == "user"), "")


def _paragraphs(user: str) -> list[str]:
    """The paragraphs of a brief prompt ("¶3 text"), without the figure ids marked in them ("5,000[F9]")."""
    return [unmarked(m.group(1)) for m in re.finditer(r"^¶\d+ (.+)$", user, re.M)]


def _title(user: str) -> str | None:
    match = re.search(r"^Title: (.+)$", user, re.M)
    return match.group(1) if match else None


def article_key(body: dict[str, Any]) -> str:
    """The article a request is about: its title in the prompt (else the start of its first paragraph)."""
    user = _user(body)
    return _title(user) or next(iter(_paragraphs(user)), user)[:80]


def brief_draft(body: dict[str, Any]) -> dict[str, Any]:
    """A draft the validators accept for a plain article: words and numbers copied from the prompt."""
    user = _user(body)
    title = _title(user)
    paragraphs = _paragraphs(user)
    body_text = next((p for p in paragraphs if p != title and len(p.split()) >= 6), paragraphs[0] if paragraphs else "")
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", body_text)[0]
    return {
        "headline": _cut(title or sentence, 100),
        "summary": _cut(sentence, 280),
        "key_points": [],
        "figures": [],
        "entities": [],
        "quotes": [],
    }


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The smallest value a JSON schema accepts (empty lists and strings, minimum numbers, nulls)."""
    root = root or schema
    if "$ref" in schema:
        return minimal_instance(root["$defs"][schema["$ref"].split("/")[-1]], root)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = schema[key]
            nullable = next((o for o in options if o.get("type") == "null"), None)
            return None if nullable else minimal_instance(options[0], root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: minimal_instance(properties[name], root) for name in schema.get("required", properties)}
    if kind == "array":
        return [minimal_instance(schema.get("items", {}), root) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return "x" * schema.get("minLength", 0)
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    return False if kind == "boolean" else None


Answers = Callable[[str, dict[str, Any]], dict[str, Any] | None]


def completion(body: dict[str, Any], answers: Answers | None = None) -> dict[str, Any]:
    """A chat completion for the request `body`. `answers(schema_name, body)`, when given, may supply the
    object (a hand-written answer, as a capable model would give); otherwise a plausible or minimal one."""
    tools = body.get("tools") or []
    function = tools[0]["function"] if tools else {"name": "answer", "parameters": {}}
    given = answers(function["name"], body) if answers else None
    if given is not None:
        draft = given
    elif function["name"] == "BriefDraft":
        draft = brief_draft(body)
    else:
        draft = minimal_instance(function["parameters"])
    arguments = json.dumps(draft)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tools:
        call = {"id": "call_0", "type": "function", "function": {"name": function["name"], "arguments": arguments}}
        message["tool_calls"] = [call]
    else:
        message["content"] = arguments
    prompt_chars = len(json.dumps(body.get("messages", []))) + len(json.dumps(tools))
    usage = {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(arguments) // 4}
    usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "finish_reason": "tool_calls" if tools else "stop", "message": message}],
        "usage": usage,
    }
