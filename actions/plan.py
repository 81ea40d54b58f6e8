"""The planning form's two actions: read each message (validate_plan_form) and show the result."""
import asyncio
from decimal import Decimal
from functools import partial
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.calc.report import calculate
from bot.kb.repository import KBUnavailable, Snapshot
from bot.plan import form
from bot.plan.present import render
from bot.plan.read import read

from actions.answer import ActionAnswerTopic
from actions.handoff import ActionRequestHuman
from actions.kb import KB

KB_DOWN = "抱歉，知识库暂时不可用，现在没法给您可靠的计算说明。请稍后再试，或者发送“转人工”。"
PAUSED_FOR_TOPIC = "计算先暂停，您已经说过的数字我都记着；想接着算，说「继续算」就行。"
STOPPED = "好的，先不算了。您说过的数字我都记着，想接着算随时说「继续算」；想从头来就说「重新算」。"
CORRECT_HINT = "数字不对可以直接说，比如「收入改成八千」，我马上重新算。"
AFTER_BUTTONS = [
    {"title": "对征信的影响", "payload": "/credit_report"},
    {"title": "转人工", "payload": "/human_handoff"},
]


def _rate_known(snapshot: Snapshot, name: Optional[str]) -> bool:
    known = snapshot.platform(name)
    return bool(known and known.overdue_daily_rate)


def _rate_note(snapshot: Snapshot, name: Optional[str]) -> Optional[str]:
    known = snapshot.platform(name)
    return known.overdue_rate_note if known else None


def _times_asked(events: List[Dict[Text, Any]], slot: Optional[str]) -> int:
    """How many answers (this one included) the question for `slot` has had since it was first asked."""
    first_ask, current = None, None
    for i, event in enumerate(events):
        if event.get("event") == "active_loop":
            current = None  # a new run of the form asks afresh
        elif event.get("event") == "slot" and event.get("name") == "requested_slot":
            if event.get("value") == slot and current != slot:
                first_ask = i
            current = event.get("value")
    if first_ask is None:
        return 0
    return sum(1 for event in events[first_ask:] if event.get("event") == "user")


class ValidatePlanForm(Action):
    """Reads every message the form receives; never rejects, so a bad answer is re-asked, not dropped."""

    def name(self) -> Text:
        return "validate_plan_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        requested = tracker.get_slot("requested_slot")
        first_turn = (tracker.active_loop or {}).get("name") != "plan_form"
        last = form.correction_target(tracker.get_slot("plan_last"), text)
        reading = read(text, requested=None if first_turn else requested, last_filled=last)
        filled = {slot: tracker.get_slot(slot) for slot in form.PLAN_SLOTS}
        asked = 0 if first_turn else _times_asked(tracker.events, requested)
        try:
            # One snapshot per turn: each lookup would otherwise re-read the KB version row.
            snapshot = await asyncio.get_running_loop().run_in_executor(None, KB.snapshot)
        except KBUnavailable:
            snapshot = None
        if snapshot is None and intent != "crisis":  # a crisis is answered without the KB
            dispatcher.utter_message(text=KB_DOWN)
            return [SlotSet("plan_stop", "kb"), SlotSet("requested_slot", None)]
        step = form.step(filled, reading, requested, intent, text, partial(_rate_known, snapshot),
                         partial(_rate_note, snapshot), first_turn, asked)
        if step.stop == "crisis":
            dispatcher.utter_message(response="utter_crisis")
        for m in step.messages:
            dispatcher.utter_message(text=m.text, buttons=list(m.buttons))
        events = [SlotSet(slot, value) for slot, value in step.updates.items()]
        if step.last_filled:
            events.append(SlotSet("plan_last", step.last_filled))
        # Always one SlotSet besides requested_slot: Rasa rejects a form turn that sets nothing.
        return events + [SlotSet("plan_stop", step.stop), SlotSet("requested_slot", step.next_slot)]


class ActionShowPlan(Action):
    """After the form: figures, options, a recommendation and a script; or what stopping means."""

    def name(self) -> Text:
        return "action_show_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        stop = tracker.get_slot("plan_stop")
        if stop in ("crisis", "kb"):
            return [SlotSet("plan_stop", None)]
        # Answered here rather than by a FollowupAction, so the rule that ran this action ends the turn.
        if stop == "human":
            return [SlotSet("plan_stop", None), *await ActionRequestHuman().run(dispatcher, tracker, domain)]
        if stop == "topic":
            dispatcher.utter_message(text=PAUSED_FOR_TOPIC)
            topic = (tracker.latest_message.get("intent") or {}).get("name")
            return [SlotSet("plan_stop", None), *await ActionAnswerTopic().answer(dispatcher, tracker, topic)]
        if stop == "user":
            dispatcher.utter_message(text=STOPPED)
            return [SlotSet("plan_stop", None)]
        values = {slot: tracker.get_slot(slot) for slot in form.PLAN_SLOTS}
        budget = values["monthly_capacity"] is not None or None not in (values["monthly_income"], values["monthly_expenses"])
        if values["debt_amount"] is None or values["overdue_days"] is None or not budget:
            dispatcher.utter_message(text=STOPPED)  # cannot happen through the form; say something true anyway
            return []
        web = ((tracker.latest_message.get("metadata") or {}).get("client") == "web")
        try:
            view = await asyncio.get_running_loop().run_in_executor(None, self._view, values)
        except KBUnavailable:
            dispatcher.utter_message(text=KB_DOWN)
            return []
        dispatcher.utter_message(text=view.summary)
        if web:
            dispatcher.utter_message(json_message=view.payload)
        else:
            dispatcher.utter_message(text=view.table)
        dispatcher.utter_message(text=view.script + "\n\n" + CORRECT_HINT, buttons=AFTER_BUTTONS)
        return []

    @staticmethod
    def _view(values: Dict[str, Any]):
        snapshot = KB.snapshot()
        platform = snapshot.platform(values["platform"])
        name = platform.name if platform else values["platform"]
        rate = values.get("overdue_rate")
        user_rate = Decimal(rate) if rate not in (None, "unknown") else None
        kb_rate = Decimal(platform.overdue_daily_rate) if platform and platform.overdue_daily_rate else None
        debt, income, expenses, capacity = (
            Decimal(values[k]) if values[k] is not None else None
            for k in ("debt_amount", "monthly_income", "monthly_expenses", "monthly_capacity"))
        calc = calculate(debt, int(values["overdue_days"]), user_rate, name, kb_rate, income=income, expenses=expenses,
                         capacity=capacity)
        return render(calc, snapshot.guide, debt, income, expenses)
