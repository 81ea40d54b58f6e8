"""action_request_human: a request for a person, recorded with the recent messages masked."""

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import user_texts
from bot import handoff, wording

RECENT_MESSAGES = 6


async def request_human(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Records the request with the last topic asked about, and tells the user honestly what happens next."""
    intents = [
        e.get("parse_data", {}).get("intent", {}).get("name") for e in tracker.events if e.get("event") == "user"
    ]
    topic = next((i for i in reversed(intents) if i and i not in ("human_handoff", "nlu_fallback")), None)
    texts = user_texts(tracker)[-RECENT_MESSAGES:]
    # The database call blocks; keep the action server's event loop free.
    number = await asyncio.get_running_loop().run_in_executor(
        None, handoff.request_human, tracker.sender_id, texts, topic
    )
    dispatcher.utter_message(text=wording.handoff_registered(number))
    return []


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return await request_human(dispatcher, tracker)
