"""What every action does the same way: read the tracker, read the KB off the event loop, send a Turn."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.kb import KB
from bot import settings
from bot.answering import Asked
from bot.kb.repository import KBUnavailable, Snapshot
from bot.turn import Turn


def user_texts(tracker: Tracker) -> list[str]:
    """Every user message of the conversation, oldest first (the current one last)."""
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]


def asked(tracker: Tracker) -> Asked:
    message = tracker.latest_message
    return Asked(
        text=message.get("text") or "",
        intent=(message.get("intent") or {}).get("name"),
        ranking=[(i.get("name"), i.get("confidence", 0.0)) for i in message.get("intent_ranking") or []],
        entities=message.get("entities") or [],
        slots=dict(tracker.slots),
        said=user_texts(tracker),
    )


log = logging.getLogger(__name__)


async def snapshot() -> Snapshot | None:
    """The KB as stored now; when the database is slower than ZHAIDA_KB_TIMEOUT or fails, the copy read last.

    None when there is neither (the callers then say the KB is unavailable). The read blocks, so it runs off
    the event loop, and a slow one is abandoned rather than awaited: a turn never hangs on the database.
    """
    try:
        read = asyncio.get_running_loop().run_in_executor(None, KB.snapshot)
        return await asyncio.wait_for(read, settings.kb_timeout())
    except KBUnavailable:
        return None
    except (asyncio.TimeoutError, SQLAlchemyError) as error:
        log.warning("knowledge base read failed (%s); answering from the copy read last", type(error).__name__)
        return KB.last_read


def send(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """Sends the turn's messages; returns its slots as events."""
    for m in turn.messages:
        if m.response:
            dispatcher.utter_message(response=m.response, buttons=list(m.buttons))
        else:
            dispatcher.utter_message(text=m.text, buttons=list(m.buttons), json_message=m.parts)
    return [SlotSet(name, value) for name, value in turn.slots.items()]
