import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.handoff import request_human

RECENT_MESSAGES = 6


class ActionRequestHuman(Action):
    """Records a request for a person, with the recent user messages, and says so honestly."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-RECENT_MESSAGES:]
        intents = [
            e.get("parse_data", {}).get("intent", {}).get("name") for e in tracker.events if e.get("event") == "user"
        ]
        topic = next((i for i in reversed(intents) if i and i not in ("human_handoff", "nlu_fallback")), None)
        # The database call blocks; keep the action server's event loop free.
        number = await asyncio.get_running_loop().run_in_executor(None, request_human, tracker.sender_id, texts, topic)
        dispatcher.utter_message(
            text=(
                f"已为您登记人工服务请求（编号 {number}），人工客服接入后会在这里回复您。"
                "如果情况紧急、人身安全受到威胁，请直接拨打110；需要心理支持可拨打12356。"
            )
        )
        return []
