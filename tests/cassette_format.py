"""Cassettes a person can review: JSON request and response bodies stored as YAML structures, not strings.

Registered over vcrpy's "yaml" serializer, so cassettes keep the .yaml suffix. Matching compares JSON
bodies by value, so key order and white space in the stored form do not matter.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

SECRET_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "set-cookie",
    "openai-organization",
    "openai-project",
    "x-request-id",
    "openai-processing-ms",
)


def _parse(body: Any) -> Any:
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="strict")
    if isinstance(body, str) and body[:1] in "{[":
        try:
            return json.loads(body)
        except ValueError:
            return None
    return None


def serialize(cassette: dict[str, Any]) -> str:
    for interaction in cassette["interactions"]:
        request, response = interaction["request"], interaction["response"]
        if (parsed := _parse(request.get("body"))) is not None:
            request["parsed_body"] = parsed
            del request["body"]
        body = response.get("body", {})
        if (parsed := _parse(body.get("string"))) is not None:
            body["parsed_json"] = parsed
            del body["string"]
    return yaml.safe_dump(cassette, sort_keys=False, allow_unicode=True, width=120)


def deserialize(text: str) -> dict[str, Any]:
    cassette = yaml.safe_load(text)
    for interaction in cassette["interactions"]:
        request, response = interaction["request"], interaction["response"]
        if "parsed_body" in request:
            request["body"] = json.dumps(request.pop("parsed_body"))
        body = response.get("body", {})
        if "parsed_json" in body:
            body["string"] = json.dumps(body.pop("parsed_json"))
    return cassette


def json_body_matcher(r1: Any, r2: Any) -> None:
    a, b = _parse(r1.body), _parse(r2.body)
    if a is None or b is None:
        assert r1.body == r2.body, "bodies differ"
    else:
        assert _without_reask_wording(a) == _without_reask_wording(b), "JSON bodies differ"


def _without_reask_wording(body: Any) -> Any:
    """The body with the wording of our validation errors left out of re-ask turns.

    A re-ask sends back the model's answer and why it failed our checks. The model's answer to it is what
    the cassette records; the wording of the reasons is ours and changes whenever a check's message does,
    which must not void a recording (the checks' messages are pinned by their own tests, and the request,
    the model's earlier answer and the turn structure are still matched exactly)."""
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
        return body
    messages = []
    for m in body["messages"]:
        content = m.get("content") if isinstance(m, dict) else None
        if isinstance(content, str) and (m.get("role") == "tool" or content.startswith("Validation Error")):
            m = {**m, "content": "<validation errors>"}
        messages.append(m)
    return {**body, "messages": messages}


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response
