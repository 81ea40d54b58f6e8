"""Actions run in-process, as RasaHQ's financial-demo tests its actions: a Tracker built with
Tracker.from_dict, a CollectingDispatcher, and the real KB in a private SQLite database. No model,
no server: the whole folder takes seconds."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import db
from bot.kb import content, store
from bot.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def database(tmp_path_factory) -> str:
    """Our schema and the KB from data/kb/, in a SQLite file the actions find through ZHAIDA_DATABASE_URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('actions') / 'zhaida.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZHAIDA_DATABASE_URL", url)
        db.create_schema(url)
        store.sync(content.load(PROJECT_ROOT / "data" / "kb"), url)
        yield url


def user(text: str, intent: str, confidence: float = 0.95, entities: list | None = None, ranking=None) -> dict:
    """A user event as Rasa stores it."""
    ranking = ranking or [{"name": intent, "confidence": confidence}]
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking,
            "entities": entities or [],
        },
    }


def tracker(
    text: str,
    intent: str,
    confidence: float = 0.95,
    slots: dict[str, Any] | None = None,
    entities: list | None = None,
    ranking: list | None = None,
    earlier: list[dict] = (),
    active_loop: dict | None = None,
    sender: str = "in-process",
) -> Tracker:
    latest = user(text, intent, confidence, entities, ranking)
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": all_slots,
            "latest_message": latest["parse_data"],
            "events": [*earlier, latest],
            "paused": False,
            "followup_action": None,
            "active_loop": active_loop or {},
            "latest_action_name": "action_listen",
        }
    )


def run(action, t: Tracker) -> tuple[list[dict], list[dict]]:
    """(messages, events) of one action run."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def text_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
