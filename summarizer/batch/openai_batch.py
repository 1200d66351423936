"""The OpenAI Batch API: upload a requests file and start a batch; fetch a finished batch's results.

Errors are one line (`ModelError`), never holding the key. Transport failures are retried by the openai
client itself, `transport_retries` times, honouring Retry-After.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError, ModelError
from summarizer.model.llm import OPENAI_URL
from summarizer.model.settings import Settings

ENDPOINT = "/v1/chat/completions"
WINDOW = "24h"


def _client(settings: Settings) -> Any:
    import openai

    if settings.base_url is None and settings.api_key is None:
        raise ConfigError("the OpenAI Batch API needs a key: set OPENAI_API_KEY")
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    url = (settings.base_url or OPENAI_URL).rstrip("/")
    return openai.OpenAI(base_url=url, api_key=key, max_retries=settings.transport_retries, timeout=settings.timeout)


def _failure(exc: Exception, settings: Settings, doing: str) -> ModelError:
    from summarizer.model import retry

    url = (settings.base_url or OPENAI_URL).rstrip("/")
    secret = settings.api_key.get_secret_value() if settings.api_key else None
    message = retry.failure_message(
        exc,
        url=url,
        model=settings.model or "?",
        attempts=settings.transport_retries + 1,
        timeout=settings.timeout,
        hint="the Batch API needs network access to the endpoint",
    )
    return ModelError(retry.scrub(f"{doing}: {message}", secret))


def submit(settings: Settings, requests: Path) -> tuple[str, str]:
    """Upload `requests` (purpose "batch") and create a batch on it; (file id, batch id)."""
    import openai

    client = _client(settings)
    try:
        with requests.open("rb") as handle:
            uploaded = client.files.create(file=handle, purpose="batch")
        batch = client.batches.create(
            input_file_id=uploaded.id,
            endpoint=ENDPOINT,
            completion_window=WINDOW,
            metadata={"created_by": "summarizer batch submit"},
        )
    except openai.APIError as e:
        raise _failure(e, settings, f"cannot submit {requests}") from None
    finally:
        client.close()
    return uploaded.id, batch.id


def results(settings: Settings, batch_id: str) -> list[str]:
    """The output lines (and error lines) of a finished batch; ModelError while it is still running."""
    import openai

    client = _client(settings)
    try:
        batch = client.batches.retrieve(batch_id)
        counts = batch.request_counts
        done = f"{counts.completed + counts.failed} of {counts.total} done" if counts else "progress unknown"
        if batch.status not in ("completed", "expired", "cancelled", "failed"):
            raise ModelError(f"batch {batch_id} is {batch.status} ({done}): collect it again later")
        lines: list[str] = []
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                lines.extend(client.files.content(file_id).text.splitlines())
        if not lines:
            raise ModelError(f"batch {batch_id} is {batch.status} and has no results ({done})")
        return lines
    except openai.APIError as e:
        raise _failure(e, settings, f"cannot fetch batch {batch_id}") from None
    finally:
        client.close()
