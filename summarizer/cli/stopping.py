"""Stopping a long run cleanly: the first Ctrl-C (or SIGTERM) lets the calls in flight finish and be
written, the second aborts at once.

Calls in flight have already been sent: letting them finish keeps their answers (in the cache and the
output) instead of paying for them twice on the next run. Callers may rely on:
- `requested` turning true on the first SIGINT/SIGTERM, and a note going to stderr;
- the second signal raising `KeyboardInterrupt` in the main thread;
- the previous handlers being restored on exit (unless someone installed theirs on top of ours since).
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType, TracebackType
from typing import Any

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class GracefulStop:
    """A context manager installing the handlers (main thread only; elsewhere it does nothing)."""

    def __init__(self, note: str = "stopping: finishing the calls in flight (Ctrl-C again to abort)") -> None:
        self.note = note
        self.signum: int | None = None  # the first signal received
        self._previous: dict[int, Any] = {}

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def __call__(self) -> bool:
        """So it can be passed as `stop=` to `summarize_many`."""
        return self.requested

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt
        self.signum = signum
        sys.stderr.write(f"\n{self.note}\n")
        sys.stderr.flush()

    def __enter__(self) -> GracefulStop:
        if threading.current_thread() is threading.main_thread():
            for sig in _SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for sig, previous in self._previous.items():
            if signal.getsignal(sig) == self._handle:
                signal.signal(sig, previous)
        self._previous.clear()

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process stopped by it (130 for Ctrl-C)."""
        return 128 + (self.signum or signal.SIGINT)
