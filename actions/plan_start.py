"""Starting the planning form, with what the user already said earlier in the conversation."""
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.plan.form import PLAN_SLOTS, earlier_values
from bot.plan.routing import PLAN_START, RESTART


def start_plan(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """plan_form (validate_plan_form) then reads the current message and asks only for what is missing."""
    text = tracker.latest_message.get("text") or ""
    dispatcher.utter_message(text=PLAN_START)
    events: List[Dict[Text, Any]] = [SlotSet("pending_topic", None), SlotSet("plan_stop", None)]
    if RESTART.search(text):
        return events + [SlotSet(slot, None) for slot in PLAN_SLOTS] + [FollowupAction("plan_form")]
    # 「微粒贷欠了2w5」… 「逾期一个半月了」… then 「帮我算一算」: those figures count too.
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
    filled = {slot: tracker.get_slot(slot) for slot in PLAN_SLOTS}
    events += [SlotSet(slot, value) for slot, value in earlier_values(said).items() if filled.get(slot) is None]
    return events + [FollowupAction("plan_form")]
