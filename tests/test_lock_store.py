"""The atomic Redis lock store against a real Redis: two stores (two replicas) never hold one
conversation's lock at once, and no ticket is lost when they issue tickets at the same moment."""

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import local_servers
from bot.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.skipif(not local_servers.port_open(6379), reason="no Redis at 127.0.0.1:6379")


def stores() -> list[AtomicRedisLockStore]:
    return [AtomicRedisLockStore(host="127.0.0.1", port=6379, db=8, key_prefix="zhaidatest") for _ in range(2)]


def test_tickets_issued_at_once_by_two_replicas_are_all_kept():
    a, b = stores()
    conversation = f"c-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(16) as pool:
        tickets = list(pool.map(lambda i: (a if i % 2 else b).issue_ticket(conversation, 60), range(40)))
    assert sorted(tickets) == list(range(40))
    assert len(a.get_lock(conversation).tickets) == 40
    for ticket in tickets:
        (b if ticket % 2 else a).cleanup(conversation, ticket)
    assert a.get_lock(conversation) is None  # the last release deleted the lock


def test_two_replicas_never_hold_one_conversation_at_once():
    conversation = f"c-{uuid.uuid4().hex}"
    inside, most, order = 0, 0, []

    async def turn(store: AtomicRedisLockStore, n: int) -> None:
        nonlocal inside, most
        async with store.lock(conversation, lock_lifetime=30, wait_time_in_seconds=0.02):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)
            order.append(n)
            inside -= 1

    async def run() -> None:
        a, b = stores()
        await asyncio.gather(*(turn(a if n % 2 else b, n) for n in range(12)))

    asyncio.run(run())
    assert most == 1 and sorted(order) == list(range(12))
