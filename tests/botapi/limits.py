"""Telegram's flood limits as token buckets: one per chat and one for the whole bot."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

_LONGEST_WAIT = 3600  # what retry_after says when a bucket never refills


class TokenBucket:
    """A bucket of ``capacity`` tokens, refilled at ``rate`` tokens per second."""

    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
        self.updated = now

    def _refill(self, now: float) -> None:
        if math.isinf(self.rate):
            self.tokens = self.capacity
        elif self.rate > 0:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float) -> float:
        """Seconds until a token is available (0 when one is available now)."""
        self._refill(now)
        if self.tokens >= 1 or math.isinf(self.capacity):
            return 0.0
        if self.rate <= 0:
            return math.inf
        return (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Use one token; call only after wait() returned 0."""
        self._refill(now)
        if not math.isinf(self.capacity):
            self.tokens -= 1


class RateLimiter:
    """Per-chat and global limits on sending methods, answering with Telegram's retry_after."""

    def __init__(
        self,
        chat_burst: float,
        chat_per_second: float,
        global_per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.chat_burst = chat_burst
        self.chat_per_second = chat_per_second
        self.global_per_second = global_per_second
        self._chats: dict[int | str, TokenBucket] = {}
        self._global = self._new_global()

    def _new_global(self) -> TokenBucket:
        capacity = max(1.0, self.global_per_second) if self.global_per_second > 0 else 1.0
        return TokenBucket(capacity, self.global_per_second, self.clock())

    def configure(
        self,
        *,
        chat_burst: float | None = None,
        chat_per_second: float | None = None,
        global_per_second: float | None = None,
    ) -> None:
        """Change the limits (math.inf switches one off) and refill every bucket."""
        if chat_burst is not None:
            self.chat_burst = chat_burst
        if chat_per_second is not None:
            self.chat_per_second = chat_per_second
        if global_per_second is not None:
            self.global_per_second = global_per_second
        self._chats.clear()
        self._global = self._new_global()

    def acquire(self, chat_id: int | str) -> int | None:
        """Take a token for a message to ``chat_id``; returns retry_after seconds if over a limit."""
        now = self.clock()
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = self._chats[chat_id] = TokenBucket(self.chat_burst, self.chat_per_second, now)
        wait = max(bucket.wait(now), self._global.wait(now))
        if wait > 0:
            return _LONGEST_WAIT if math.isinf(wait) else max(1, math.ceil(wait))
        bucket.take(now)
        self._global.take(now)
        return None
