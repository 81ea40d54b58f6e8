"""Per-sender rate limiting, shared by every Rasa replica through Redis when ZHAIDA_REDIS_URL is set.

ZHAIDA_RATE_LIMIT is "messages/seconds" per conversation (default 30/60): a fixed window counted with one
INCR and EXPIRE in Redis, so every replica sees the same count; without Redis, a count in this process.
When Redis cannot be reached the message is let through and the fault logged: a broken limiter must not
silence people, some of whom write in distress.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import OrderedDict
from typing import Any

logger = logging.getLogger(__name__)
LIMIT_ENV, REDIS_ENV = "ZHAIDA_RATE_LIMIT", "ZHAIDA_REDIS_URL"
DEFAULT = (30, 60)
_SPEC = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")


def limits(value: str | None) -> tuple[int, int]:
    """(messages, seconds) from "30/60"; anything else is the default."""
    m = _SPEC.match(value or "")
    if not m or int(m.group(1)) < 1 or int(m.group(2)) < 1:
        return DEFAULT
    return int(m.group(1)), int(m.group(2))


class RateLimiter:
    def __init__(self, messages: int, seconds: int, redis_url: str | None = None, size: int = 100_000):
        self.messages, self.seconds, self.size = messages, seconds, size
        self._counts: OrderedDict[tuple[str, int], int] = OrderedDict()
        self._redis: Any = None
        if redis_url:
            import redis.asyncio  # type: ignore[import-untyped]

            self._redis = redis.asyncio.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)

    @classmethod
    def from_env(cls) -> RateLimiter:
        messages, seconds = limits(os.environ.get(LIMIT_ENV))
        return cls(messages, seconds, os.environ.get(REDIS_ENV, "").strip() or None)

    async def allow(self, sender: str, now: float | None = None) -> bool:
        window = int((time.time() if now is None else now) // self.seconds)
        if self._redis is not None:
            key = f"zhaida:rate:{sender}:{window}"
            try:
                async with self._redis.pipeline(transaction=True) as pipe:
                    count, _ = await pipe.incr(key).expire(key, self.seconds + 1).execute()
                return int(count) <= self.messages
            except Exception as error:  # Redis away: let the message through
                logger.warning("rate limit: Redis unavailable (%s); message let through", type(error).__name__)
                return True
        key_local = (sender, window)
        self._counts[key_local] = self._counts.get(key_local, 0) + 1
        self._counts.move_to_end(key_local)
        while len(self._counts) > self.size:
            self._counts.popitem(last=False)
        return self._counts[key_local] <= self.messages
