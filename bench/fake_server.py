"""An OpenAI-compatible chat server on 127.0.0.1 that answers after a fixed delay, for benchmarks and tests.

Real HTTP (asyncio streams, HTTP/1.1 keep-alive), so the client's whole path runs: connection pool, JSON,
instructor, validation. Answers are valid tool calls: for `BriefDraft` a draft made from the article in the
prompt (headline = its title, summary = the first sentence after it, nothing else), for any other schema
the smallest instance the schema allows. Token counts in `usage` are estimates (characters / 4).

    python -m bench.fake_server --delay 0.2            # prints "READY http://127.0.0.1:PORT/v1"

GET /stats answers {"requests": n, "by_article": {title: n}, "arrivals": [monotonic seconds], ...}.
/v1/files and /v1/batches play the OpenAI Batch API (`bench.fake_batch`): a batch is done as soon as made.
`--rate-limit K --retry-after S`: the first K requests get HTTP 429 with `Retry-After: S`.
`--faults PLAN`: chosen chat requests get a fault instead (429s, 5xx, hangs, truncated bodies, resets, empty
choices, huge bodies; see `bench.faults`). Listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.fake_answers import Answers, article_key, completion
from bench.fake_batch import FakeBatches
from bench.faults import Fault, FaultPlan, play


class FakeServer:
    def __init__(
        self,
        delay: float = 0.0,
        rate_limit: int = 0,
        retry_after: float = 1.0,
        keep_bodies: bool = False,
        answers: Answers | None = None,
        faults: str = "",
    ):
        self.delay = delay
        self.answers = answers  # hand-written answers by schema name (`fake_answers.completion`)
        self.plan = FaultPlan(faults)
        self.faulted: list[tuple[int, str]] = []  # (request number, fault kind) of each fault played
        self.bodies: list[dict[str, Any]] | None = [] if keep_bodies else None  # request bodies, when kept
        self.rate_limit = rate_limit  # this many first requests get 429
        self.retry_after = retry_after
        self.by_article: Counter[str] = Counter()
        self.arrivals: list[float] = []
        self.limited: list[float] = []  # when each 429 was sent
        self.in_flight = self.max_in_flight = 0
        self.batches = FakeBatches()
        self.port = 0
        self._server: asyncio.Server | None = None

    def stats(self) -> dict[str, Any]:
        return {
            "requests": len(self.arrivals),
            "by_article": dict(self.by_article),
            "arrivals": self.arrivals,
            "limited": self.limited,
            "max_in_flight": self.max_in_flight,
            "faulted": self.faulted,
            "cpu": time.process_time(),  # the server process's CPU seconds so far
            **({"bodies": self.bodies} if self.bodies is not None else {}),
        }

    async def answer(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict, Any]:
        if method == "GET" and path.endswith("/stats"):
            return 200, {}, self.stats()
        if method == "GET" and path.endswith("/models"):
            return 200, {}, {"object": "list", "data": [{"id": "fake", "object": "model"}]}
        if "/files" in path or "/batches" in path:
            return self.batches.answer(method, path, headers, raw)
        if method != "POST" or not path.endswith("/chat/completions"):
            return 404, {}, {"error": {"message": f"no route {method} {path}"}}
        body = json.loads(raw)
        self.arrivals.append(time.monotonic())
        if self.bodies is not None:
            self.bodies.append(body)
        if len(self.arrivals) <= self.rate_limit:
            self.limited.append(time.monotonic())
            return 429, {"Retry-After": f"{self.retry_after:g}"}, {"error": {"message": "rate limited"}}
        fault = self.plan.fault_for(len(self.arrivals))
        if fault is not None:
            self.faulted.append((len(self.arrivals), fault.kind))
            return 0, {}, _Faulted(fault, completion(body), headers)
        self.by_article[article_key(body)] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        return 200, {}, completion(body, self.answers)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines[1:] if ":" in h)}
                raw = await reader.readexactly(int(headers.get("content-length", "0")))
                status, extra, payload = await self.answer(method, path, headers, raw)
                if isinstance(payload, _Faulted):
                    if not await play(payload.fault, writer, payload.answer, payload.headers):
                        break
                    await writer.drain()
                    continue
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status, "Error")
                kind = "application/octet-stream" if isinstance(payload, bytes) else "application/json"
                out = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {kind}", f"Content-Length: {len(data)}"]
                out += [f"{k}: {v}" for k, v in extra.items()]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, asyncio.CancelledError):
            pass  # the client went away, or the server is shutting down
        finally:
            writer.close()

    async def start(self, port: int = 0) -> FakeServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


@dataclass
class _Faulted:
    """A fault to play in place of `answer`."""

    fault: Fault
    answer: dict[str, Any]
    headers: dict[str, str]


class ThreadedFakeServer:
    """A `FakeServer` on its own event loop in a daemon thread, for tests in the same process."""

    def __init__(self, **options: Any) -> None:
        self.server = FakeServer(**options)
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self.server.start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)

    @property
    def url(self) -> str:
        return self.server.url

    def stats(self) -> dict[str, Any]:
        return asyncio.run_coroutine_threadsafe(asyncio.sleep(0, self.server.stats()), self._loop).result(5)

    def close(self) -> None:
        async def stop() -> None:
            if self.server._server is not None:
                self.server._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.sleep(0.01)  # let the closed transports finish closing

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()


@contextlib.contextmanager
def spawned(delay: float = 0.0, keep_bodies: bool = False, faults: str = "") -> Iterator[str]:
    """A fake server in a child process (so it does not share the client's CPU and GIL); yields its URL."""
    command = [sys.executable, "-m", "bench.fake_server", "--delay", str(delay), "--faults", faults]
    command += ["--keep-bodies"] if keep_bodies else []
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        ready = child.stdout.readline().split()
        if ready[:1] != ["READY"]:
            raise RuntimeError(f"the fake server did not start: {ready}")
        yield ready[1]
    finally:
        child.terminate()
        child.wait(10)
        if child.stdout:
            child.stdout.close()


def fetch_stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/stats", timeout=10) as response:
        return json.loads(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--rate-limit", type=int, default=0, help="answer the first K requests with 429")
    parser.add_argument("--retry-after", type=float, default=1.0)
    parser.add_argument("--keep-bodies", action="store_true", help="keep request bodies for GET /stats")
    parser.add_argument("--faults", default="", help='e.g. "1-3=429:1,5=reset,7-=truncate" (see bench.faults)')
    args = parser.parse_args()

    async def serve() -> None:
        options = {"rate_limit": args.rate_limit, "retry_after": args.retry_after, "faults": args.faults}
        server = await FakeServer(args.delay, keep_bodies=args.keep_bodies, **options).start(args.port)
        print(f"READY {server.url}", flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
