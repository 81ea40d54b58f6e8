"""The per-sender rate limit, in process and through a real Redis shared by two limiters (two replicas)."""

import asyncio
import uuid

import pytest

from bot import local_servers
from bot.rate_limit import DEFAULT, RateLimiter, limits


def allowed(limiter: RateLimiter, sender: str, n: int, now: float = 1_000_000.0) -> list[bool]:
    return [asyncio.run(limiter.allow(sender, now)) for _ in range(n)]


def test_the_limit_is_read_from_the_setting():
    assert limits("5/10") == (5, 10) and limits(" 30 / 60 ") == (30, 60)
    assert limits(None) == limits("x") == limits("0/60") == limits("5/0") == DEFAULT


def test_in_process_a_sender_gets_the_limit_per_window_and_others_are_untouched():
    limiter = RateLimiter(3, 60)
    assert allowed(limiter, "a", 4) == [True, True, True, False]
    assert allowed(limiter, "b", 1) == [True]
    assert allowed(limiter, "a", 1, now=1_000_060.0) == [True]  # the next window


@pytest.mark.skipif(not local_servers.port_open(6379), reason="no Redis at 127.0.0.1:6379")
def test_two_replicas_share_one_count_through_redis():
    sender = f"s-{uuid.uuid4().hex}"

    async def run() -> list[bool]:
        one, two = RateLimiter(4, 60, "redis://127.0.0.1:6379/6"), RateLimiter(4, 60, "redis://127.0.0.1:6379/6")
        results = []
        for i in range(6):
            results.append(await (one if i % 2 else two).allow(sender, 2_000_000.0))
        return results

    assert asyncio.run(run()) == [True, True, True, True, False, False]


def test_an_unreachable_redis_lets_messages_through():
    limiter = RateLimiter(1, 60, "redis://127.0.0.1:1/0")
    assert allowed(limiter, "a", 3) == [True, True, True]
