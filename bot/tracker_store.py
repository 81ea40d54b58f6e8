"""Rasa's SQL tracker store, made the one place every stored event passes through.

Whatever path a message took (our channels, `make shell`, the HTTP API, events an action returned),
its strings are masked, user metadata is cut to an allow-list, and a sender id carrying a personal
number is stored hashed. A database error fails the request that met it: Rasa's own store calls
`sys.exit` on any ValueError (a sender id the driver cannot encode), which ended the whole server.

Every turn reads the conversation back and appends to it, so the three statements of a turn are
written once as SQL (the same table and the same queries as Rasa's ORM code): building the ORM
queries and their cache keys anew was about a third of the store's time. SQLite keeps its
connections (SQLAlchemy 1.4 opens a new one per session for a file) and writes ahead (WAL).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db import sqlite_tuned
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


# The events of the latest session: after its last SessionStarted, or all when there is none (as Rasa's
# `_event_query`). Identifiers quoted: "timestamp" is a keyword in PostgreSQL.
_LATEST_SESSION = """
FROM events WHERE sender_id = :sender AND (
  (SELECT max("timestamp") FROM events WHERE sender_id = :sender AND type_name = :started) IS NULL
  OR "timestamp" >= (SELECT max("timestamp") FROM events WHERE sender_id = :sender AND type_name = :started))
"""
_READ = sa.text("SELECT data " + _LATEST_SESSION + "ORDER BY id")
_COUNT = sa.text("SELECT count(*) " + _LATEST_SESSION)


class SafeSQLTrackerStore(SQLTrackerStore):
    # Read by bot.rasa_hardening: this store's errors must reach the channel, not be papered over.
    fails_loudly = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set by Rasa, untyped.
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        if engine.dialect.name == "sqlite":
            self.engine = engine = sqlite_tuned(engine)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=engine)
        self._insert = self.SQLEvent.__table__.insert()

    def _latest_session(self, session: Any, statement: Any, sender_id: str) -> Any:
        return session.execute(statement, {"sender": storage_key(sender_id), "started": SessionStarted.type_name})

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        if fetch_events_from_all_sessions:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            events = [json.loads(data) for (data,) in self._latest_session(session, _READ, sender_id)]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Any:
        stored = self._latest_session(session, _COUNT, tracker.sender_id).scalar()
        return itertools.islice(tracker.events, stored, None)

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
            rows = []
            for event in self._additional_events(session, tracker):
                data = scrub_event(event.as_dict())
                rows.append(
                    {
                        "sender_id": key,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                session.execute(self._insert, rows)
            session.commit()
