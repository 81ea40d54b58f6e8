from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot.kb.sources_view import is_sources_request
from bot.plan.quick_cost import quantities
from bot.plan.routing import asks_for_numbers
from bot.text.quantities import find_amounts
from bot.topics import crisis_possible, suggestions

from actions.answer import ActionAnswerTopic, show_sources, states_budget
from actions.plan_start import start_plan


class ActionTopicFallback(Action):
    """Low NLU confidence: ask to rephrase and offer the likeliest topics as buttons."""

    def name(self) -> Text:
        return "action_topic_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ranking = [
            (item.get("name"), item.get("confidence", 0.0))
            for item in tracker.latest_message.get("intent_ranking", [])
            if item.get("name") and item.get("name") != "nlu_fallback"
        ]
        if crisis_possible(ranking):
            dispatcher.utter_message(response="utter_crisis")
            return []
        text = tracker.latest_message.get("text") or ""
        if asks_for_numbers(text) or (states_budget(text) and find_amounts(text)):  # 「继续算」, or a budget and a debt
            return start_plan(dispatcher, tracker)
        if quantities(text):  # 「3000块逾期五天」: the figures make the question clear enough
            return await ActionAnswerTopic().answer(dispatcher, tracker, "penalty_interest")
        if is_sources_request(text) and tracker.get_slot("last_answer"):  # 「依据」 after an answer
            return await show_sources(dispatcher, tracker, None)
        buttons = [{"title": label, "payload": f"/{intent}"} for intent, label in suggestions(ranking)]
        dispatcher.utter_message(
            text="抱歉，我没太看明白。能换个说法，用一两句话说说您遇到的情况吗？也可以直接选一个话题：",
            buttons=buttons,
        )
        # Forget the unclear message so the next one is read fresh.
        return [UserUtteranceReverted()]
