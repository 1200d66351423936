"""`summarizer summarize ... -o briefs.jsonl`: briefs written as they finish, resumable, one line each.

Callers may rely on: a brief is on disk (flushed) as soon as it is yielded by the pool; the counters
are current even when the run ends by an exception (Ctrl-C twice), so the caller can still report them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.batch.briefs_file import HASH_KEY, BriefsFile, content_hash, source_name
from summarizer.batch.progress import progress_bar
from summarizer.read.article import Article
from summarizer.schemas import Usage


@dataclass
class JsonlRun:
    summarizer: Any
    paths: Sequence[Path | Article]  # files, or articles already read (from URLs)
    output: Path | None  # None: stdout (nothing to resume from)
    resume: bool = True
    total: int = 0
    skipped: int = 0  # already in the output file
    written: int = 0
    calls: int = 0
    cached: int = 0
    usage: Usage = field(default_factory=Usage)  # summed over the briefs written
    failed: list[str] = field(default_factory=list)

    def run(self, stop: Callable[[], bool] | None = None) -> JsonlRun:
        self.total = len(self.paths)
        digests = {source_name(p): content_hash(p) for p in self.paths}
        if self.output is None:
            self._stream(list(self.paths), digests, _StdoutSink(), stop)
            return self
        with BriefsFile(self.output, model=self.summarizer.model, resume=self.resume) as briefs:
            todo = [p for p in self.paths if not briefs.done(source_name(p), digests[source_name(p)])]
            self.skipped = self.total - len(todo)
            briefs.open(digests)
            self._stream(todo, digests, briefs, stop)
        return self

    def _stream(self, todo: list[Path | Article], digests: dict[str, str | None], sink: Any, stop: Any) -> None:
        with progress_bar(len(todo), f"summarizing with {self.summarizer.model}") as advance:
            for result in self.summarizer.summarize_many(todo, stop=stop):
                if result.brief is not None:
                    sink.write(result.brief, digests.get(result.source))
                    self.written += 1
                    self.calls += result.brief.usage.attempts
                    self.cached += result.brief.usage.cached
                    self.usage = Usage.total([self.usage, result.brief.usage])
                else:
                    self.failed.append(result.error or f"{result.source}: failed")
                    self.calls += result.attempts
                advance()

    @property
    def done(self) -> int:
        return self.skipped + self.written


class _StdoutSink:
    def write(self, brief: Any, digest: str | None) -> None:
        record = brief.model_dump(mode="json")
        record[HASH_KEY] = digest
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
