"""Rasa's Redis lock store with its read-modify-write steps made atomic.

Rasa 3.6's RedisLockStore issues a ticket by reading the conversation's lock from Redis, adding the ticket
and writing the lock back, and releases one the same way. Two replicas doing this at the same moment can
overwrite each other's write: a ticket vanishes and two turns of one conversation run at once, and one of
them is lost (seen in tests/server/test_replicas.py, 1 message in 8 under load). Here each of those steps
runs in a Redis transaction on the lock's key (WATCH … MULTI … EXEC, retried when another process wrote
first). Everything else is Rasa's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # built by Rasa from endpoints.yml (`type: bot.lock_store…`)
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _change(
        self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, Any]]
    ) -> Any:
        """Applies `change` to the stored lock atomically; `change` returns (lock to store or None to delete,
        result)."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: Any) -> Any:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            new, result = change(lock)
            pipe.multi()
            if new is None:
                pipe.delete(key)
            else:
                pipe.set(key, new.dumps())
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Removes the ticket; deletes the lock when no one else waits (Rasa does this in two steps)."""

        def release(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, release)
