"""Faults the fake server plays on chosen chat requests, for tests and for trying the CLI by hand.

A plan is a comma-separated list of `WHICH=FAULT`: WHICH is a request number counted from 1 in arrival
order (`3`), a range (`2-5`), an open range (`4-`) or `*` (every request); the first entry that matches
a request decides, and a request no entry matches gets a normal answer.

    429          HTTP 429 with no header saying how long to wait
    429:S        HTTP 429 with `Retry-After: S` (seconds)
    429ms:MS     HTTP 429 with `retry-after-ms: MS` (OpenAI's header)
    500, 503:S   any other status (>= 400), with `Retry-After: S` when given
    echo         HTTP 401 whose error message repeats the request's Authorization header
    hang         read the request and never answer
    truncate     HTTP 200 whose body stops halfway (short of its Content-Length), then the connection closes
    badjson      HTTP 200, a complete body that is half a JSON document
    reset        HTTP 200, half the body, then a TCP reset
    empty        HTTP 200, a chat completion with `choices: []`
    huge:MB      HTTP 200, a valid chat completion padded to MB megabytes

    python -m bench.fake_server --faults "1-3=429:1,5=reset,7-=truncate"
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fault:
    kind: str  # "status", "echo", "hang", "truncate", "badjson", "reset", "empty", "huge"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    size_mb: float = 0.0

    @classmethod
    def parse(cls, text: str) -> Fault:
        name, _, arg = text.strip().partition(":")
        if name == "429ms":
            return cls("status", 429, (("retry-after-ms", arg or "50"),))
        if name.isdigit():
            return cls("status", int(name), (("Retry-After", arg),) if arg else ())
        if name == "huge":
            return cls("huge", size_mb=float(arg or "64"))
        if name in ("echo", "hang", "truncate", "badjson", "reset", "empty"):
            return cls(name)
        raise ValueError(f"unknown fault {text!r}")


class FaultPlan:
    """Which request gets which fault (see the module docstring)."""

    def __init__(self, spec: str = "") -> None:
        self.entries: list[tuple[int, int, Fault]] = []
        for item in filter(None, (part.strip() for part in spec.split(","))):
            which, _, fault = item.partition("=")
            self.entries.append((*_range(which.strip()), Fault.parse(fault)))

    def fault_for(self, number: int) -> Fault | None:
        return next((fault for low, high, fault in self.entries if low <= number <= high), None)


def _range(which: str) -> tuple[int, int]:
    if which == "*":
        return 1, 1 << 62
    low, dash, high = which.partition("-")
    if not dash:
        return int(low), int(low)
    return int(low), int(high) if high else 1 << 62


def error_body(fault: Fault, headers: dict[str, str]) -> dict[str, Any]:
    if fault.kind == "echo":
        said = headers.get("authorization", "")
        return {"error": {"message": f"Incorrect API key provided: {said.removeprefix('Bearer ')}"}}
    return {"error": {"message": f"fault injected: HTTP {fault.status}"}}


async def play(fault: Fault, writer: asyncio.StreamWriter, answer: dict[str, Any], headers: dict[str, str]) -> bool:
    """Send `fault` in place of `answer`; False when the connection cannot be used again."""
    if fault.kind == "hang":
        await asyncio.Event().wait()  # until the server shuts down or the client goes away
    if fault.kind in ("status", "echo"):
        status = 401 if fault.kind == "echo" else fault.status
        _send(writer, status, json.dumps(error_body(fault, headers)).encode(), dict(fault.headers))
        return True
    if fault.kind == "empty":
        _send(writer, 200, json.dumps({**answer, "choices": []}).encode())
        return True
    if fault.kind == "huge":
        padding = "x" * int(fault.size_mb * 1024 * 1024)
        _send(writer, 200, json.dumps({**answer, "padding": padding}).encode())
        return True
    data = json.dumps(answer).encode()
    if fault.kind == "badjson":
        _send(writer, 200, data[: len(data) // 2])
        return True
    _send(writer, 200, data[: len(data) // 2], length=len(data))  # truncate, reset: short of Content-Length
    await writer.drain()
    if fault.kind == "reset":
        sock = writer.get_extra_info("socket")
        if sock is not None:  # SO_LINGER 0: close() sends RST instead of FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return False


def _send(
    writer: asyncio.StreamWriter, status: int, data: bytes, extra: dict[str, str] | None = None, length: int = -1
) -> None:
    head = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}", "Content-Type: application/json"]
    head += [f"Content-Length: {len(data) if length < 0 else length}"]
    head += [f"{k}: {v}" for k, v in (extra or {}).items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
