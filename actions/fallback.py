"""action_topic_fallback: low NLU confidence (bot/answering.py decides what it still allows)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import asked, send, snapshot
from actions.handoff import crisis_ticket, request_human
from bot import answering, tickets, wording


class ActionTopicFallback(Action):
    """A crisis hint, figures or 「依据」 are still answered; otherwise ask to rephrase, with likely topics."""

    def name(self) -> str:
        return "action_topic_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = asked(tracker)
        turn = answering.fallback(await snapshot(), question)
        if turn is not None:
            events = send(dispatcher, turn)
            if any(m.response == "utter_crisis" for m in turn.messages):
                await crisis_ticket(dispatcher, tracker)
            return events
        if answering.unclear_in_a_row(list(tracker.events)) >= answering.UNCLEAR_BEFORE_A_PERSON:
            # Asking a third time helps nobody: a person takes it, with everything said so far.
            dispatcher.utter_message(text=wording.UNCLEAR_HANDOFF)
            return await request_human(dispatcher, tracker, tickets.LOW_CONFIDENCE)
        # Forget the unclear message so the next one is read fresh.
        return [*send(dispatcher, answering.rephrase(question)), UserUtteranceReverted()]
