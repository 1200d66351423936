"""Provider batch engines: requests written for the OpenAI Batch API (or vLLM's run-batch), answers read back.

`prepare` writes one request per article in the Batch API's input format; its `custom_id` is the cache key
of the call `summarize` would make, so `collect` can put each answer where `LLM.structured` would have
put it, and a later `summarize`/`brief` finds it without calling a model. `collect` needs the articles
(`--corpus`) to rebuild those keys and to check each answer against its article with the same validators
as an interactive call; it must run with the settings `prepare` ran with (model, endpoint, mode, ...):
under other settings the keys differ, and every answer is reported as matching no article.

Callers may rely on: only answers that pass every check are stored; every other line of a results file
is reported with a one-line reason, and never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.brief.draft import BriefDraft
from summarizer.errors import InputError, validation_lines
from summarizer.extract.analysis import read_figures
from summarizer.model.calls import CallResult, cache_entry
from summarizer.read.ingest import read_article
from summarizer.schemas import Usage

URL = "/v1/chat/completions"
MAX_REQUESTS = 50_000  # the Batch API's limit per input file
MAX_BYTES = 200 * 1024 * 1024


@dataclass
class Call:
    custom_id: str
    path: Path
    messages: list[dict[str, Any]]
    context: dict[str, Any]


def calls(summarizer: Any, paths: Iterable[Path], failed: list[str]) -> Iterator[Call]:
    """The model call `summarize` would make for each readable article; the unreadable go to `failed`."""
    pipeline = summarizer.pipeline
    for path in paths:
        try:
            article = read_article(path)
        except InputError as e:
            failed.append(str(e))
            continue
        figures = read_figures(article)
        messages, _ = pipeline.messages(article, figures)
        key = summarizer.llm.cache_key(messages, BriefDraft, pipeline.template.fingerprint)
        yield Call(key, Path(path), messages, {"article": article, "figures": figures})


@dataclass
class Prepared:
    written: int = 0
    duplicates: int = 0  # articles whose request another article already makes (same text)
    failed: list[str] = field(default_factory=list)


def prepare(summarizer: Any, paths: Iterable[Path], output: Path) -> Prepared:
    """Write the requests file: one line per distinct call, in the Batch API input format."""
    from summarizer.model.wire import chat_body

    report = Prepared()
    seen: set[str] = set()
    try:
        with output.open("w", encoding="utf-8") as out:
            for call in calls(summarizer, paths, report.failed):
                if call.custom_id in seen:
                    report.duplicates += 1
                    continue
                seen.add(call.custom_id)
                body = chat_body(summarizer.llm, call.messages, BriefDraft, call.context)
                line = {"custom_id": call.custom_id, "method": "POST", "url": URL, "body": body}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                report.written += 1
    except OSError as e:
        raise InputError(f"{output}: cannot write ({e.strerror})") from None
    return report


def check_requests(lines: Iterable[str]) -> list[str]:
    """Problems that would make the Batch API reject the file (checked before uploading it)."""
    problems: list[str] = []
    ids: set[str] = set()
    models: set[str] = set()
    count = size = 0
    for number, line in enumerate(lines, 1):
        count += 1
        size += len(line.encode()) + 1
        try:
            record = json.loads(line)
        except ValueError:
            problems.append(f"line {number}: not JSON")
            continue
        if not isinstance(record, dict) or set(record) != {"custom_id", "method", "url", "body"}:
            problems.append(f"line {number}: needs exactly custom_id, method, url and body")
            continue
        if record["custom_id"] in ids:
            problems.append(f"line {number}: custom_id {record['custom_id']} is used twice")
        ids.add(record["custom_id"])
        if record["method"] != "POST" or record["url"] != URL:
            problems.append(f"line {number}: must be POST {URL}")
        models.add(str(record["body"].get("model")) if isinstance(record["body"], dict) else "?")
    if len(models) > 1:
        problems.append(f"the requests name {len(models)} models; a batch runs one")
    if count > MAX_REQUESTS or size > MAX_BYTES:
        problems.append(f"{count} requests, {size:,} bytes: a batch takes at most {MAX_REQUESTS} and 200 MB")
    return problems


@dataclass
class Collected:
    stored: int = 0
    already: int = 0  # answers the cache already held
    failed: list[str] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)  # articles whose answer is now in the cache


def collect(summarizer: Any, results: Iterable[str], paths: Iterable[Path]) -> Collected:
    """Check each answer in a Batch API output file against its article and store the good ones."""
    report = Collected()
    index = {call.custom_id: call.path for call in calls(summarizer, paths, report.failed)}
    cache = summarizer.cache
    for number, line in enumerate(results, 1):
        if not line.strip():
            continue
        try:
            custom_id, completion = _answer(line)
            path = index.get(custom_id)
            if path is None:
                raise ValueError(
                    f"custom_id {custom_id[:16]}... matches no article of the corpus "
                    "(prepared from other articles, or with other settings?)"
                )
        except ValueError as e:
            report.failed.append(f"results line {number}: {e}")
            continue
        if (cache.get(custom_id) or {}).get("valid"):
            report.already += 1
            report.sources.append(path)
            continue
        problem = _store(summarizer, custom_id, path, completion)
        if problem:
            report.failed.append(f"{path}: {problem}")
        else:
            report.stored += 1
            report.sources.append(path)
    return report


def _answer(line: str) -> tuple[str, dict[str, Any]]:
    """custom_id and chat completion of one output line; ValueError naming what is wrong."""
    try:
        record = json.loads(line)
    except ValueError:
        raise ValueError("not JSON") from None
    if not isinstance(record, dict) or not isinstance(record.get("custom_id"), str):
        raise ValueError("no custom_id: not a Batch API output line")
    error, response = record.get("error"), record.get("response")
    if error:
        message = error.get("message", error) if isinstance(error, dict) else error
        raise ValueError(f"the batch engine reported an error: {message}")
    if not isinstance(response, dict) or not isinstance(response.get("body"), dict):
        raise ValueError("no response body")
    if response.get("status_code") != 200:
        said = response["body"].get("error", {})
        said = said.get("message", said) if isinstance(said, dict) else said
        raise ValueError(f"the request failed with HTTP {response.get('status_code')}: {said}")
    return record["custom_id"], response["body"]


def _store(summarizer: Any, custom_id: str, path: Path, completion: dict[str, Any]) -> str | None:
    """Validate one answer against its article and cache it; the reason when it is refused."""
    import pydantic
    from instructor.core import InstructorError

    from summarizer.model.wire import parse_completion

    call = next(calls(summarizer, [path], []), None)
    if call is None or call.custom_id != custom_id:
        return "the article changed since the requests were prepared"
    try:
        draft = parse_completion(summarizer.llm, completion, BriefDraft, call.context)
    except pydantic.ValidationError as e:
        reasons = "; ".join(validation_lines(e, 3))
        return f"the answer fails the checks: {reasons}"
    except (ValueError, InstructorError) as e:  # no tool call, cut off at max_tokens, a malformed completion
        return f"no usable answer: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    usage = completion.get("usage") or {}
    prompt, answer = usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0
    # at the list price: a provider's batch discount (often half) is not in the price database
    tokens = Usage(
        prompt_tokens=prompt, completion_tokens=answer, attempts=1, cost_usd=summarizer.llm.cost(prompt, answer)
    )
    summarizer.cache.set(custom_id, cache_entry(CallResult(draft.model_dump(mode="json"), True, [], tokens)))
    return None
