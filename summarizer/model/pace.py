"""Pool-wide pacing: when the endpoint says "slow down" (429, or 503 with Retry-After), every call waits.

One call's 429 means the whole pool is over the endpoint's rate; retrying only that call while the other
31 keep sending would earn 31 more 429s. So a 429 sets a shared "not before" time, and each call waits for
it before it sends. Callers may rely on:
- `hold(seconds)` only ever moves the shared time later, never earlier;
- `wait(own=...)` returns at once when the only hold in force is the caller's own (its retry loop already
  waits for it), so a call is never made to wait twice for the same 429;
- time passes only through the injected `sleep` (tests pass a recorder) and is read from `clock`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

DEFAULT_HOLD = 1.0  # seconds, for a 429 that does not say how long to wait (the first backoff step)


class Pace:
    def __init__(
        self,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sleep = sleep or asyncio.sleep
        self._clock = clock
        self.not_before = 0.0  # in `clock` time; 0: no hold
        self.holds = 0  # how many times the pool was held (for tests and reports)

    def hold(self, seconds: float) -> float:
        """Hold every call for `seconds` from now (or longer if a hold already runs later); the hold's end."""
        until = self._clock() + max(seconds, 0.0)
        if until > self.not_before:
            self.not_before = until
        self.holds += 1
        return self.not_before

    def hold_after(self, exc: BaseException) -> float | None:
        """Hold the pool if `exc` is a 429 (Retry-After, else `DEFAULT_HOLD`) or a 503 with Retry-After
        (capped like a single call's wait); the hold's end, or None when `exc` asks for no hold."""
        from summarizer.model import retry  # imports openai: only once a call has failed

        asked = retry.retry_after(exc)
        if asked is None and getattr(retry.api_error(exc), "status_code", None) == 429:
            asked = DEFAULT_HOLD
        if asked is None or asked != asked:  # nothing asked, or NaN
            return None
        return self.hold(min(asked, retry.RETRY_AFTER_CAP))

    async def wait(self, own: float = 0.0) -> None:
        """Sleep until the shared "not before" time, unless it is `own` (a hold this caller set) or earlier."""
        while True:
            target = self.not_before
            delay = target - self._clock()
            if delay <= 0 or target <= own:
                return
            await self._sleep(delay)
            if self.not_before <= target:  # nobody moved it on while we slept
                return
