"""The planning form's two actions: read each message (validate_plan_form) and show the result."""

import asyncio
from decimal import Decimal
from functools import partial
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import asked, send, user_texts
from actions.common import snapshot as kb_snapshot
from actions.handoff import crisis_ticket, request_human
from bot import answering, wording
from bot.calc.report import calculate
from bot.kb.repository import Snapshot
from bot.plan import debt_list, form, several
from bot.plan.debts import several as has_several
from bot.plan.present import render
from bot.plan.read import read
from bot.plan.slots import ASKED_SLOT, DEBTS_SLOT, LAST_SLOT, PLAN_SLOTS, REQUESTED_SLOT, STOP_SLOT, Stop
from bot.turn import Message


def _rate_known(snapshot: Snapshot | None, name: str | None) -> bool:
    if name == debt_list.SEVERAL_PLATFORM:
        return True  # each debt's rate is settled in the plan (stated, the KB's figure, or the estimate)
    known = snapshot.platform(name) if snapshot else None
    return bool(known and known.overdue_daily_rate)


def _rate_note(snapshot: Snapshot | None, name: str | None) -> str | None:
    known = snapshot.platform(name) if snapshot else None
    return known.overdue_rate_note if known else None


class ValidatePlanForm(Action):
    """Reads every message the form receives; never rejects, so a bad answer is re-asked, not dropped."""

    def name(self) -> str:
        return "validate_plan_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        requested = tracker.get_slot("requested_slot")
        first_turn = (tracker.active_loop or {}).get("name") != "plan_form"
        last = form.correction_target(tracker.get_slot(LAST_SLOT), text)
        reading = read(text, requested=None if first_turn else requested, last_filled=last)
        filled = {slot: tracker.get_slot(slot) for slot in PLAN_SLOTS}
        answers = 0 if first_turn else int(tracker.get_slot(ASKED_SLOT) or 0) + 1
        snapshot = await kb_snapshot()  # one per turn: each lookup would otherwise re-read the KB version row
        if snapshot is None and intent != "crisis":  # a crisis is answered without the KB
            dispatcher.utter_message(text=wording.PLAN_KB_DOWN)
            return [SlotSet(STOP_SLOT, Stop.KB.value), SlotSet(REQUESTED_SLOT, None), SlotSet("requested_slot", None)]
        # Several lenders: the list stands in for the single-debt slots, and the form asks only for the budget.
        texts = user_texts(tracker)[-form.EARLIER_MESSAGES :] if first_turn else [text]
        debts = debt_list.turn(tracker.get_slot(DEBTS_SLOT), texts, reading, filled)
        reading, filled = debts.reading, {**filled, **debts.slots}
        step = form.step(
            filled,
            reading,
            requested,
            intent,
            text,
            partial(_rate_known, snapshot),
            partial(_rate_note, snapshot),
            first_turn,
            answers,
        )
        if step.stop is Stop.CRISIS:
            dispatcher.utter_message(response="utter_crisis")
            await crisis_ticket(dispatcher, tracker)
        messages = list(step.messages)
        if debts.note and step.stop is None:
            first = messages[0] if messages else Message("")
            messages[:1] = [Message("\n".join(filter(None, [debts.note, first.text])), first.buttons)]
        for m in messages:
            dispatcher.utter_message(text=m.text, buttons=list(m.buttons))
        events = [SlotSet(slot, value) for slot, value in {**debts.slots, **step.updates}.items()]
        events.append(SlotSet(DEBTS_SLOT, debts.entries))
        if step.last_filled:
            events.append(SlotSet(LAST_SLOT, list(step.last_filled)))
        # Always one SlotSet besides requested_slot: Rasa rejects a form turn that sets nothing.
        return events + [
            SlotSet(REQUESTED_SLOT, None),
            SlotSet(ASKED_SLOT, step.times_asked),
            SlotSet(STOP_SLOT, step.stop.value if step.stop else None),
            SlotSet("requested_slot", step.next_slot),
        ]


class ActionShowPlan(Action):
    """After the form: figures, options, a recommendation and a script; or what stopping means."""

    def name(self) -> str:
        return "action_show_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        stop = tracker.get_slot(STOP_SLOT)
        if stop in (Stop.CRISIS, Stop.KB):
            return [SlotSet(STOP_SLOT, None)]
        # Answered here rather than by a FollowupAction, so the rule that ran this action ends the turn.
        if stop == Stop.HUMAN:
            return [SlotSet(STOP_SLOT, None), *await request_human(dispatcher, tracker)]
        if stop == Stop.TOPIC:
            dispatcher.utter_message(text=wording.PAUSED_FOR_TOPIC)
            question = asked(tracker)
            kb = await kb_snapshot()
            return [SlotSet(STOP_SLOT, None), *send(dispatcher, answering.answer(kb, question, question.intent))]
        if stop == Stop.USER:
            dispatcher.utter_message(text=wording.STOPPED)
            return [SlotSet(STOP_SLOT, None)]
        values = {slot: tracker.get_slot(slot) for slot in PLAN_SLOTS}
        budget = values["monthly_capacity"] is not None or None not in (
            values["monthly_income"],
            values["monthly_expenses"],
        )
        if values["debt_amount"] is None or values["overdue_days"] is None or not budget:
            dispatcher.utter_message(text=wording.STOPPED)  # cannot happen through the form; say something true anyway
            return []
        web = (tracker.latest_message.get("metadata") or {}).get("client") == "web"
        snapshot = await kb_snapshot()
        if snapshot is None:
            dispatcher.utter_message(text=wording.PLAN_KB_DOWN)
            return []
        entries = tracker.get_slot(DEBTS_SLOT)
        if has_several(entries):
            return await self._several(dispatcher, snapshot, entries, values, web)
        # The plan is pure computation on the snapshot, but long enough to keep off the event loop.
        view = await asyncio.get_running_loop().run_in_executor(None, self._view, snapshot, values)
        dispatcher.utter_message(text=view.summary)
        if web:
            dispatcher.utter_message(json_message=view.payload)
        else:
            dispatcher.utter_message(text=view.table)
        dispatcher.utter_message(
            text=view.script + "\n\n" + wording.CORRECT_HINT, buttons=list(wording.AFTER_PLAN_BUTTONS)
        )
        return []

    @staticmethod
    async def _several(
        dispatcher: CollectingDispatcher, snapshot: Snapshot, entries: list, values: dict[str, Any], web: bool
    ) -> list[dict[str, Any]]:
        income, expenses, capacity = (
            Decimal(values[k]) if values[k] is not None else None
            for k in ("monthly_income", "monthly_expenses", "monthly_capacity")
        )
        render_several = partial(several.render, entries, snapshot.guide, snapshot.platform)
        view = await asyncio.get_running_loop().run_in_executor(None, render_several, income, expenses, capacity)
        dispatcher.utter_message(text=view.summary)
        if web:
            dispatcher.utter_message(json_message=view.payload)
        else:
            dispatcher.utter_message(text=view.table)
        if view.order:
            dispatcher.utter_message(text=view.order)
        dispatcher.utter_message(
            text=view.scripts + "\n\n" + wording.SEVERAL_CORRECT_HINT, buttons=list(wording.AFTER_PLAN_BUTTONS)
        )
        return []

    @staticmethod
    def _view(snapshot: Snapshot, values: dict[str, Any]):
        platform = snapshot.platform(values["platform"])
        name = platform.name if platform else values["platform"]
        rate = values.get("overdue_rate")
        user_rate = Decimal(str(rate)) if rate is not None and rate != "unknown" else None
        kb_rate = Decimal(platform.overdue_daily_rate) if platform and platform.overdue_daily_rate else None
        debt = Decimal(values["debt_amount"])  # run() answers without a plan when it is missing
        income, expenses, capacity = (
            Decimal(values[k]) if values[k] is not None else None
            for k in ("monthly_income", "monthly_expenses", "monthly_capacity")
        )
        calc = calculate(
            debt,
            int(values["overdue_days"]),
            user_rate,
            name,
            kb_rate,
            income=income,
            expenses=expenses,
            capacity=capacity,
        )
        return render(calc, snapshot.guide, debt, income, expenses)
