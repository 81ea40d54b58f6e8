"""action_answer_topic: a debt question answered from the KB; action_out_of_scope (bot/answering.py decides)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import asked, send, snapshot
from bot import answering


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return send(dispatcher, answering.respond(await snapshot(), asked(tracker)))


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return send(dispatcher, answering.out_of_scope(await snapshot(), asked(tracker)))
