import asyncio
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.kb.compose import compose, fill_placeholders, notice_kind, sources_for
from bot.kb.sources_view import compose_sources, is_sources_request, sources_button
from bot.kb.choose import choose
from bot.kb.repository import KBUnavailable
from bot.plan.cost import explain, lacks_term, read_cost, verdict
from bot.plan.form import PLAN_TOPICS
from bot.plan.quick_cost import overdue_cost_text, quantities
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


NO_ANSWER_YET = "我还没给您具体的回答，所以没有可列的依据。您想了解哪方面？"
QUESTION_PREFIX = "q:"


def _resolve_last(snapshot: Any, last: Optional[Text], platform: Optional[Text]) -> Any:
    """The answer last shown: a specific question ("q:<id>") or a topic."""
    if last and last.startswith(QUESTION_PREFIX):
        return snapshot.resolve_question(last[len(QUESTION_PREFIX):], platform)
    return snapshot.resolve(last, platform) if last in DEBT_TOPICS else None


async def show_sources(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Optional[Text]) -> List[Dict[Text, Any]]:
    """Which source backs which sentence of the answer last shown (or of `topic`'s answer)."""
    try:
        snapshot = await asyncio.get_running_loop().run_in_executor(None, KB.snapshot)
    except KBUnavailable:
        dispatcher.utter_message(text=KB_DOWN)
        return []
    resolved = _resolve_last(snapshot, tracker.get_slot("last_answer") or topic, tracker.get_slot("platform"))
    if resolved is None:
        dispatcher.utter_message(text=NO_ANSWER_YET)
        return []
    dispatcher.utter_message(text=compose_sources(resolved.answer, snapshot.facts,
                                                  lambda text: fill_placeholders(text, resolved)))
    return []


def _ranking(tracker: Tracker) -> List[tuple]:
    return [(i.get("name"), i.get("confidence", 0.0)) for i in tracker.latest_message.get("intent_ranking") or []]


def states_budget(text: str) -> bool:
    """The message gives income or expenses: with an amount owed, that asks for a repayment plan."""
    return any(k in read(text).values for k in ("monthly_income", "monthly_expenses"))


def ask_platform(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=PLATFORM_QUESTION, buttons=[
        {"title": name, "payload": f'/inform{{"platform": "{name}"}}'} for name in PLATFORM_CHOICES
    ])


class ActionAnswerTopic(Action):
    """Answers a debt question from the KB: a specific question's answer, else the topic's; asks first
    only for the one fact the answer depends on; a quantity question gets the figure."""

    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        pending = tracker.get_slot("pending_topic")
        topic = intent if intent in DEBT_TOPICS else pending
        text = tracker.latest_message.get("text") or ""
        entities = tracker.latest_message.get("entities") or []
        if any(e.get("entity") == "view" and e.get("value") == "sources" for e in entities) or (
            is_sources_request(text) and tracker.get_slot("last_answer")
        ):
            return await show_sources(dispatcher, tracker, topic)
        if wants_plan(intent, text, entities, states_budget(text)):
            return start_plan(dispatcher, tracker)
        if topic is None and quantities(text):  # 「3000块逾期五天」 is a question, even when read as a fact
            topic = "penalty_interest"
        return await self.answer(dispatcher, tracker, topic)

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, topic: Optional[Text]
    ) -> List[Dict[Text, Any]]:
        """The KB answer for a message (also used by action_show_plan for a question asked mid-form)."""
        pending = tracker.get_slot("pending_topic")
        if topic is None:  # facts given before any question: keep them, ask what to look at
            dispatcher.utter_message(text=INFORM_ACK, buttons=[CALC_BUTTON] + [
                {"title": DEBT_TOPICS[t], "payload": f"/{t}"} for t in INFORM_TOPICS
            ])
            return []
        text = tracker.latest_message.get("text") or ""
        platform = tracker.get_slot("platform")
        notice = notice_kind(text) or tracker.get_slot("notice_kind")
        events: List[Dict[Text, Any]] = [SlotSet("notice_kind", notice)] if notice else []
        already_asked = pending == topic
        try:
            # The KB read blocks; keep the action server's event loop free.
            snapshot = await asyncio.get_running_loop().run_in_executor(None, KB.snapshot)
        except KBUnavailable:
            dispatcher.utter_message(text=KB_DOWN)
            return events
        if topic == "penalty_interest":
            figures = quantities(text, platform, tracker.get_slot("amount") if already_asked else None,
                                 tracker.get_slot("duration") if already_asked else None)
            if figures and not figures.platform and not already_asked:  # the rate depends on the platform
                ask_platform(dispatcher)
                return events + [SlotSet("pending_topic", topic)]
            if figures:
                dispatcher.utter_message(text=overdue_cost_text(snapshot, figures),
                                         buttons=[CALC_BUTTON, sources_button(topic)])
                return events + [SlotSet("pending_topic", None), SlotSet("last_answer", topic)]
        choice = choose(snapshot, text, topic, _ranking(tracker), platform, already_asked)
        topic = choice.topic or topic
        if choice.question:
            resolved = snapshot.resolve_question(choice.question.id, platform)
        else:
            resolved = snapshot.resolve(topic, platform)
        if resolved is None:
            dispatcher.utter_message(text=KB_DOWN)
            return events
        if choice.ask_platform:
            ask_platform(dispatcher)
            return events + [SlotSet("pending_topic", topic)]
        if not choice.question and resolved.answer.ask == "notice_kind" and not notice and not already_asked:
            dispatcher.utter_message(text=NOTICE_QUESTION, buttons=[
                {"title": NOTICE_LABELS[kind], "payload": NOTICE_LABELS[kind]} for kind in NOTICE_CHOICES
            ])
            return events + [SlotSet("pending_topic", topic)]
        if topic == "interest_legality":
            computed = await self.legality(dispatcher, tracker, pending == topic)
            if computed and pending == topic:
                return events + [SlotSet("pending_topic", None)]  # the KB answer was given a turn ago
        reply = compose(resolved, notice)
        buttons = [*choice.others, *reply.buttons, sources_button(topic)]
        if topic in PLAN_TOPICS:
            buttons = [CALC_BUTTON, *buttons]
        dispatcher.utter_message(text=reply.text, buttons=buttons)
        last = f"{QUESTION_PREFIX}{choice.question.id}" if choice.question else topic
        events.append(SlotSet("last_answer", last))
        if topic == "interest_legality" and lacks_term(text):
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
