import asyncio
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.kb.compose import compose, notice_kind, sources_for
from bot.kb.repository import KBUnavailable
from bot.plan.cost import explain, lacks_term, read_cost, verdict
from bot.plan.form import PLAN_TOPICS
from bot.plan.read import read
from bot.plan.routing import CALC_BUTTON, wants_plan
from bot.topics import DEBT_TOPICS

from actions.kb import KB
from actions.plan_start import start_plan

PLATFORM_QUESTION = "请问是哪个平台的欠款？不同平台的规则不一样，我好给您对应的信息。"
PLATFORM_CHOICES = ("花呗", "借呗", "信用卡", "微粒贷", "京东白条", "美团")
NOTICE_QUESTION = "请问这个通知是怎么收到的？"
NOTICE_CHOICES = ("短信", "邮寄", "电话", "上门")
NOTICE_LABELS = {"短信": "短信", "邮寄": "快递寄来的纸质文件", "电话": "电话", "上门": "有人上门送来"}
INFORM_ACK = "收到，我记下了。您最想了解哪方面？"
INFORM_TOPICS = ("penalty_interest", "negotiate_repayment", "credit_report")
TERM_QUESTION = "想知道具体折合多少年利率的话，告诉我借了多久，比如「借一年」或「分12期，每期1000」，我帮您算。"
KB_DOWN = "抱歉，知识库暂时不可用，我现在没法给您可靠的答案。请稍后再试，或者发送“转人工”。"


class ActionAnswerTopic(Action):
    """Answers a debt topic from the KB, asking first for the one fact the answer depends on."""

    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        pending = tracker.get_slot("pending_topic")
        topic = intent if intent in DEBT_TOPICS else pending
        text = tracker.latest_message.get("text") or ""
        reading = read(text)
        has_budget = any(k in reading.values for k in ("monthly_income", "monthly_expenses"))
        if wants_plan(intent, text, tracker.latest_message.get("entities") or [], has_budget):
            return start_plan(dispatcher, tracker)
        return await self.answer(dispatcher, tracker, topic)

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, topic: Optional[Text]
    ) -> List[Dict[Text, Any]]:
        """The KB answer for a topic (also used by action_show_plan for a question asked mid-form)."""
        pending = tracker.get_slot("pending_topic")
        if topic is None:  # facts given before any question: keep them, ask what to look at
            dispatcher.utter_message(text=INFORM_ACK, buttons=[CALC_BUTTON] + [
                {"title": DEBT_TOPICS[t], "payload": f"/{t}"} for t in INFORM_TOPICS
            ])
            return []
        platform = tracker.get_slot("platform")
        notice = notice_kind(tracker.latest_message.get("text") or "") or tracker.get_slot("notice_kind")
        events: List[Dict[Text, Any]] = [SlotSet("notice_kind", notice)] if notice else []
        try:
            # The KB read blocks; keep the action server's event loop free.
            resolved = await asyncio.get_running_loop().run_in_executor(None, KB.answer, topic, platform)
        except KBUnavailable:
            dispatcher.utter_message(text=KB_DOWN)
            return events
        if resolved is None:
            dispatcher.utter_message(text=KB_DOWN)
            return events
        already_asked = pending == topic
        ask = resolved.answer.ask
        if ask == "platform" and not platform and not already_asked:
            dispatcher.utter_message(text=PLATFORM_QUESTION, buttons=[
                {"title": name, "payload": f'/inform{{"platform": "{name}"}}'} for name in PLATFORM_CHOICES
            ])
            return events + [SlotSet("pending_topic", topic)]
        if ask == "notice_kind" and not notice and not already_asked:
            dispatcher.utter_message(text=NOTICE_QUESTION, buttons=[
                {"title": NOTICE_LABELS[kind], "payload": NOTICE_LABELS[kind]} for kind in NOTICE_CHOICES
            ])
            return events + [SlotSet("pending_topic", topic)]
        if topic == "interest_legality":
            computed = await self.legality(dispatcher, tracker, pending == topic)
            if computed and pending == topic:
                return events + [SlotSet("pending_topic", None)]  # the KB answer was given a turn ago
        reply = compose(resolved, notice)
        buttons = reply.buttons
        if topic in PLAN_TOPICS:
            buttons = [CALC_BUTTON, *buttons]
        dispatcher.utter_message(text=reply.text, buttons=buttons)
        if topic == "interest_legality" and lacks_term(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=TERM_QUESTION)
            return events + [SlotSet("pending_topic", topic)]
        return events + [SlotSet("pending_topic", None)]

    async def legality(self, dispatcher: CollectingDispatcher, tracker: Tracker, follow_up: bool) -> bool:
        """A stated cost (到手七千，一年还一万二) as an annual rate against the KB's lines; False if none."""
        said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
        text = "，".join(said[-2:]) if follow_up else (said[-1] if said else "")
        cost = read_cost(text)
        if cost is None:
            return False
        try:
            snapshot = await asyncio.get_running_loop().run_in_executor(None, KB.snapshot)
        except KBUnavailable:
            return False
        body, fact_ids = explain(cost, verdict(cost), {f: snapshot.facts[f].statement for f in snapshot.facts})
        dispatcher.utter_message(text=body + "\n\n" + sources_for(snapshot.facts[f] for f in fact_ids))
        return True
