"""Rasa's SQL tracker store, made the one place every stored event passes through.

Whatever path a message took (our channels, `make shell`, the HTTP API, events an action returned),
its strings are masked, user metadata is cut to an allow-list, and a sender id carrying a personal
number is stored hashed. A database error fails the request that met it: Rasa's own store calls
`sys.exit` on any ValueError (a sender id the driver cannot encode), which ended the whole server.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import mask_pii
from bot.sessions import storage_key

logger = logging.getLogger(__name__)

# Rasa adds the model and assistant ids to every event; `client` is the one key our channels keep.
METADATA_KEYS = frozenset({"client", "model_id", "assistant_id"})


class TrackerStoreError(RuntimeError):
    """The database failed during one request; the server goes on."""


def scrub(value: Any) -> Any:
    """Every string inside an event masked; a stored event never holds a raw personal number."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def scrub_event(data: dict) -> dict:
    data = scrub(data)
    if data.get("event") == "user" and isinstance(data.get("metadata"), dict):
        data["metadata"] = {k: v for k, v in data["metadata"].items() if k in METADATA_KEYS}
    return data


class SafeSQLTrackerStore(SQLTrackerStore):
    # Read by bot.rasa_hardening: this store's errors must reach the channel, not be papered over.
    fails_loudly = True

    @contextmanager
    def session_scope(self) -> Generator[Any, None, None]:
        session = self.sessionmaker()
        try:
            yield session
        except Exception as error:
            session.rollback()
            raise TrackerStoreError(f"tracker store: {type(error).__name__}") from error
        finally:
            session.close()

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        query = super()._event_query(session, storage_key(sender_id), fetch_events_from_all_sessions)
        # Rasa reads only `.data` back (and counts rows): plain rows, not ORM objects, whose construction was
        # about a sixth of the Rasa server's busy time, since every turn reloads the conversation.
        return query.with_entities(self.SQLEvent.data)

    async def _stream_new_events(self, event_broker: Any, new_events: list[Any], sender_id: str) -> None:
        """Events for the event broker (RabbitMQ), masked as they are for the database."""
        for event in new_events:
            event_broker.publish(scrub_event({"sender_id": storage_key(sender_id), **event.as_dict()}))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        key = storage_key(tracker.sender_id)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = scrub_event(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=key,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
