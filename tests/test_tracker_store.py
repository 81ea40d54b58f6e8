"""Our SQL tracker store on a real SQLite file and PostgreSQL: masked events, hashed phone ids, no exit."""

import asyncio
import json
import random
import uuid

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.sessions import storage_key
from bot.tracker_store import SafeSQLTrackerStore, TrackerStoreError, scrub_event


def store_for(url: str) -> SafeSQLTrackerStore:
    return SafeSQLTrackerStore(domain=Domain.empty(), host=url)


def rows(url: str) -> list[tuple[str, dict]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT sender_id, data FROM events ORDER BY id")).fetchall()
    engine.dispose()
    return [(sender, json.loads(data)) for sender, data in found]


def conversation(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, [])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(
        UserUttered(
            "我手机１３８１２３４５６７８",
            parse_data={"text": "我手机13812345678", "intent": {"name": "inform"}},
            metadata={"client": "web", "phone": "13812345678", "model_id": "m"},
        )
    )
    tracker.update(SlotSet("note", "卡号 6222 0202 1234 5678 901"))
    return tracker


def test_every_string_is_masked_and_metadata_cut(database_url):
    store = store_for(database_url)
    asyncio.run(store.save(conversation("u-mask")))
    stored = json.dumps([data for sender, data in rows(database_url) if sender == "u-mask"], ensure_ascii=False)
    assert "13812345678" not in stored and "１３８１２３４５６７８" not in stored and "6222" not in stored
    assert "手机号已隐藏" in stored and "银行卡号已隐藏" in stored
    user = next(data for sender, data in rows(database_url) if sender == "u-mask" and data["event"] == "user")
    assert user["metadata"] == {"client": "web", "model_id": "m"}


def test_a_phone_number_sender_is_stored_hashed_and_still_found(database_url):
    store = store_for(database_url)
    # The PostgreSQL test database outlives one run, and hypothesis may have seeded `random`: the system RNG.
    phone = f"136{random.SystemRandom().randint(0, 99_999_999):08d}"
    asyncio.run(store.save(conversation(phone)))
    senders = {sender for sender, _ in rows(database_url)}
    assert phone not in senders and storage_key(phone) in senders and storage_key(phone).startswith("pii-")
    again = asyncio.run(store.retrieve(phone))
    assert again is not None and again.sender_id == phone and len(again.events) == 3
    # A second save appends only what is new.
    again.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(again))
    assert len(asyncio.run(store.retrieve(phone)).events) == 4


def test_an_id_the_database_cannot_encode_fails_the_call_not_the_process(tmp_path):
    store = store_for(f"sqlite:///{tmp_path / 'z.db'}")
    with pytest.raises(TrackerStoreError):
        asyncio.run(store.retrieve("x\udc00"))
    with pytest.raises(TrackerStoreError):
        asyncio.run(store.save(DialogueStateTracker("y\udc00", [])))  # SystemExit would not be caught here
    asyncio.run(store.save(conversation("fine")))
    assert asyncio.run(store.retrieve("fine")) is not None


def test_scrub_leaves_figures_and_hotlines():
    event = {"event": "bot", "text": "总计23,680.55元，拨打12378或12368，2026-11-26", "data": {"n": 23000}}
    assert scrub_event(event) == event


def test_the_sql_reads_and_writes_match_rasas_own_queries(database_url):
    """Three sessions, turns saved as the server saves them (read back, extended, saved, sometimes twice): the
    latest session read and the events appended are what Rasa's ORM queries give, and the full history
    comes back whole, once."""
    from rasa.shared.core.events import SessionStarted

    store = store_for(database_url)
    sender = f"u-sql-{uuid.uuid4().hex}"  # (a new conversation on the long-lived PostgreSQL database)
    written = []
    for session in range(3):
        for turn in range(4):
            tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, [])
            # Made in order: the latest session is found by timestamps.
            new = [ActionExecuted("action_session_start"), SessionStarted()] if turn == 0 else []
            new += [ActionExecuted("action_listen"), UserUttered(f"第{session}次第{turn}句"), ActionExecuted("utter_x")]
            for event in new:
                tracker.update(event)
            written += new
            asyncio.run(store.save(tracker))
            if turn:  # (after a session start Rasa's store, like ours, counts only the new session's rows)
                asyncio.run(store.save(tracker))  # nothing new: nothing written
    latest = asyncio.run(store.retrieve(sender))
    with store.session_scope() as session:
        orm = [json.loads(data) for (data,) in store._event_query(session, sender, False).all()]
        assert store._event_query(session, sender, False).count() == len(orm)
    assert [e.as_dict() for e in latest.events] == orm
    assert isinstance(latest.events[0], SessionStarted) and len(latest.events) == 4 * 3 + 1
    full = asyncio.run(store.retrieve_full_tracker(sender))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in written]
