"""A JSONL file of briefs that a run appends to as results finish, and that a re-run resumes from.

Each line is one `ArticleBrief` as JSON plus a `source_sha256` key: the SHA-256 of the article file's
bytes (readers that validate `ArticleBrief` ignore the extra key). A brief counts as done when a line has
the same source path, content hash and model; lines for the same source made from other content or by
another model are dropped when the file is opened, so each source appears once. A line cut short by a
kill is dropped too, and so is any second line for a source. Callers may rely on:
- one run at a time per file: a `BriefsFile` holds `<file>.lock` from its making to `close` (the system
  lets go of it when the process dies, kill -9 included), and a second one raises `InputError` saying so;
- every `write` reaching the operating system (flushed) before it returns;
- `done(path)` answering from the file as it was when opened, without reading the article.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any

import filelock

from summarizer.errors import InputError
from summarizer.read.article import Article

HASH_KEY = "source_sha256"


def content_hash(source: str | Path | Article) -> str | None:
    """SHA-256 of the file's bytes (of the text, for an article read from a URL); None when it cannot be
    read (the run reports that article's error)."""
    if isinstance(source, Article):
        return hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    try:
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()
    except OSError:
        return None


def source_name(source: str | Path | Article) -> str:
    """The `source` its brief will carry: the path, or the URL an article was read from."""
    return source.source if isinstance(source, Article) else str(source)


class BriefsFile:
    def __init__(self, path: Path, *, model: str, resume: bool = True) -> None:
        self.path = path
        self.model = model
        self.resume = resume  # False: the file is started afresh
        self.kept = 0  # lines kept from an earlier run
        self.dropped = 0  # lines dropped: cut short, or superseded for a source in this run
        self._done: dict[str, str] = {}  # source -> content hash, for briefs by this model
        self._lines: list[str] = []
        self._handle: IO[str] | None = None
        self._lock = hold(path)  # before reading: another run may be mid-write
        try:
            if resume and path.exists():
                self._read()
        except BaseException:
            self._lock.release()
            raise

    def _read(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{self.path}: cannot resume from it ({e}); use --no-resume to start over") from None
        for line in text.splitlines():
            record = _record(line)
            if record is None:
                self.dropped += 1
                continue
            self._lines.append(line)
            if record.get("model") == self.model and isinstance(record.get(HASH_KEY), str):
                self._done[record["source"]] = record[HASH_KEY]

    def done(self, source: str, digest: str | None) -> bool:
        """True when the file already holds this model's brief of this source with this content."""
        return digest is not None and self._done.get(source) == digest

    def open(self, digests: dict[str, str | None]) -> BriefsFile:
        """Start writing. `digests` maps each source of this run to its content hash: lines for those
        sources from other content or another model are dropped (they will be written anew)."""
        kept = []
        seen: set[str] = set()
        for line in reversed(self._lines):  # the last line for a source is the one kept
            record = json.loads(line)
            source = record["source"]
            current = record.get("model") == self.model and record.get(HASH_KEY) == digests.get(source)
            if (source in digests and not current) or source in seen:
                self.dropped += 1
            else:
                kept.append(line)
                seen.add(source)
        kept.reverse()
        self.kept = len(kept)
        self._lines = []
        try:
            if self.dropped or not self.resume or not self.path.exists():
                self._rewrite(kept)
            self._handle = self.path.open("a", encoding="utf-8")
        except OSError as e:
            raise InputError(f"{self.path}: cannot write ({e.strerror})") from None
        return self

    def _rewrite(self, lines: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(temporary, self.path)  # atomic: a kill here leaves the old file or the new one

    def write(self, brief: Any, digest: str | None) -> None:
        """Append one brief (an `ArticleBrief`) and flush."""
        assert self._handle is not None, "open() first"
        record = brief.model_dump(mode="json")
        record[HASH_KEY] = digest
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._handle.flush()
        self._done[brief.source] = digest or ""

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self._lock.release()

    def __enter__(self) -> BriefsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def hold(path: Path) -> filelock.FileLock:
    """The lock on `path` (as `<path>.lock`), taken now or never: a run that finds it held says so."""
    lock = filelock.FileLock(f"{path}.lock", timeout=0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except filelock.Timeout:
        raise InputError(
            f"{path}: another run is writing it (it holds {path}.lock); wait for it to end, or write to another file"
        ) from None
    except OSError as e:
        raise InputError(f"{path}: cannot lock it ({e.strerror})") from None
    return lock


def _record(line: str) -> dict[str, Any] | None:
    """The JSON object on a line if it looks like a brief, else None."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("source"), str):
        return None
    return record
