"""The OpenAI Batch API, played by the fake server: files upload, a batch that is done as soon as it is
created (each request answered as `/chat/completions` would be), and its output file.

Just enough for the openai client's `files.create`, `batches.create`, `batches.retrieve` and
`files.content` to run against it.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from bench.fake_answers import completion


def _multipart_file(headers: dict[str, str], raw: bytes) -> tuple[bytes, dict[str, str]]:
    """The uploaded file's bytes and the other form fields of a multipart/form-data body."""
    boundary = re.search(r"boundary=\"?([^\";]+)", headers.get("content-type", ""))
    if boundary is None:
        raise ValueError("not multipart/form-data")
    content, fields = b"", {}
    for part in raw.split(b"--" + boundary.group(1).encode()):
        head, _, data = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name is None:
            continue
        data = data.removesuffix(b"\r\n")
        if b"filename=" in head:
            content = data
        else:
            fields[name.group(1).decode()] = data.decode()
    return content, fields


class FakeBatches:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.purposes: list[str] = []

    def answer(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict, Any]:
        now = int(time.time())
        if method == "POST" and path.endswith("/files"):
            content, fields = _multipart_file(headers, raw)
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = content
            self.purposes.append(fields.get("purpose", ""))
            return 200, {}, _file(file_id, len(content), fields.get("purpose", ""), now)
        if method == "POST" and path.endswith("/batches"):
            request = json.loads(raw)
            lines = self.files[request["input_file_id"]].decode().splitlines()
            out = []
            for i, line in enumerate(lines):
                item = json.loads(line)
                answer = {"status_code": 200, "request_id": f"req_{i}", "body": completion(item["body"])}
                out.append({"id": f"batch_req_{i}", "custom_id": item["custom_id"], "response": answer, "error": None})
            output_id = f"file-{len(self.files) + 1}"
            self.files[output_id] = "".join(json.dumps(o) + "\n" for o in out).encode()
            batch_id = f"batch_{len(self.batches) + 1}"
            self.batches[batch_id] = _batch(batch_id, request, output_id, len(lines), now)
            return 200, {}, self.batches[batch_id]
        found = re.search(r"/batches/([^/]+)$", path)
        if method == "GET" and found and found.group(1) in self.batches:
            return 200, {}, self.batches[found.group(1)]
        found = re.search(r"/files/([^/]+)/content$", path)
        if method == "GET" and found and found.group(1) in self.files:
            return 200, {}, self.files[found.group(1)]
        return 404, {}, {"error": {"message": f"no route {method} {path}"}}


def _file(file_id: str, size: int, purpose: str, now: int) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": now,
        "filename": "requests.jsonl",
        "purpose": purpose,
        "status": "processed",
    }


def _batch(batch_id: str, request: dict[str, Any], output_id: str, n: int, now: int) -> dict[str, Any]:
    return {
        "id": batch_id,
        "object": "batch",
        "endpoint": request["endpoint"],
        "input_file_id": request["input_file_id"],
        "completion_window": request["completion_window"],
        "status": "completed",
        "output_file_id": output_id,
        "error_file_id": None,
        "created_at": now,
        "completed_at": now,
        "request_counts": {"total": n, "completed": n, "failed": 0},
        "metadata": request.get("metadata"),
    }
