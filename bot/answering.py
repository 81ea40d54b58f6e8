"""How a debt question is answered, decided in plain Python: actions/answer.py and actions/fallback.py
only read the tracker into an `Asked`, call these functions and send the `Turn` they return.

- A specific question's answer, else the topic's (bot/kb/choose.py); the platform or how a notice
  arrived is asked first only where the answer depends on it.
- A quantity question (「3000块逾期五天」) gets the overdue cost from the calculator.
- A stated cost (到手七千，一年还一万二) is computed as an annual rate against the KB's lines.
- 「依据」 lists which source backs which sentence of the answer last shown.
- A request for figures, or a budget with a debt, starts the planning form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot import wording
from bot.kb.choose import choose
from bot.kb.compose import compose, fill_placeholders, notice_kind, sources_for
from bot.kb.repository import Resolved, Snapshot
from bot.kb.sources_view import compose_sources, is_sources_request, sources_button
from bot.parts import answer_parts
from bot.plan.cost import explain, lacks_term, read_cost, verdict
from bot.plan.debts import several
from bot.plan.form import PLAN_TOPICS, earlier_values
from bot.plan.quick_cost import overdue_cost_text, quantities
from bot.plan.read import read
from bot.plan.routing import RESTART, asks_for_numbers, edits_debts, names_several_debts, wants_plan
from bot.plan.slots import DEBTS_SLOT, PLAN_SLOTS, REQUESTED_SLOT, STOP_SLOT
from bot.text.quantities import find_amounts
from bot.topics import DEBT_TOPICS, crisis_possible, suggestions
from bot.turn import Turn

QUESTION_PREFIX = "q:"  # last_answer of a specific question: "q:<id>"
INFORM_TOPICS = ("penalty_interest", "negotiate_repayment", "credit_report")


@dataclass(frozen=True)
class Asked:
    """What the tracker says about the message being answered."""

    text: str
    intent: str | None
    ranking: list[tuple[str, float]] = field(default_factory=list)  # (intent, confidence), best first
    entities: list[dict] = field(default_factory=list)
    slots: dict = field(default_factory=dict)  # the tracker's slots now
    said: list[str] = field(default_factory=list)  # every user message so far, this one last


def states_budget(text: str) -> bool:
    """The message gives income or expenses: with an amount owed, that asks for a repayment plan."""
    return any(k in read(text).values for k in ("monthly_income", "monthly_expenses"))


def ask_platform() -> Turn:
    buttons = [{"title": name, "payload": f'/inform{{"platform": "{name}"}}'} for name in wording.ANSWER_PLATFORMS]
    return Turn().say(wording.PLATFORM_QUESTION, buttons)


def start_plan(asked: Asked) -> Turn:
    """A rule (data/rules.yml) then starts the planning form, which reads this message and asks only for what is
    missing."""
    turn = Turn().say(wording.PLAN_START).set(pending_topic=None, **{STOP_SLOT: None, REQUESTED_SLOT: True})
    if RESTART.search(asked.text):
        return turn.set(**dict.fromkeys((*PLAN_SLOTS, DEBTS_SLOT)))
    # 「微粒贷欠了2w5」… 「逾期一个半月了」… then 「帮我算一算」: those figures count too.
    earlier = earlier_values(asked.said[:-1])
    return turn.set(**{slot: value for slot, value in earlier.items() if asked.slots.get(slot) is None})


def asks_sources_of_last_answer(asked: Asked) -> bool:
    """「依据是什么」 after an answer: whatever the NLU made of it, it asks where that answer comes from."""
    return bool(is_sources_request(asked.text) and asked.slots.get("last_answer"))


def respond(snapshot: Snapshot | None, asked: Asked) -> Turn:
    """action_answer_topic: sources, a plan, or the answer. snapshot None: the KB is unavailable."""
    pending = asked.slots.get("pending_topic")
    topic = asked.intent if asked.intent in DEBT_TOPICS else pending
    if any(e.get("entity") == "view" and e.get("value") == "sources" for e in asked.entities) or (
        asks_sources_of_last_answer(asked)
    ):
        return sources(snapshot, asked, topic)
    if wants_plan(asked.intent, asked.text, asked.entities, states_budget(asked.text)):
        return start_plan(asked)
    if several(asked.slots.get(DEBTS_SLOT)) and edits_debts(asked.text):  # 「网贷那笔已经还了」: plan again
        return start_plan(asked)
    if topic is None and quantities(asked.text):  # 「3000块逾期五天」 is a question, even when read as a fact
        topic = "penalty_interest"
    return answer(snapshot, asked, topic)


def fallback(snapshot: Snapshot | None, asked: Asked) -> Turn | None:
    """action_topic_fallback: what low NLU confidence still allows; None means ask to rephrase."""
    ranking = [(i, c) for i, c in asked.ranking if i and i != "nlu_fallback"]
    if crisis_possible(ranking):
        return Turn().say(response="utter_crisis")
    text = asked.text
    if asks_for_numbers(text) or (states_budget(text) and find_amounts(text)):  # 「继续算」, or a budget and a debt
        return start_plan(asked)
    if names_several_debts(text) or (several(asked.slots.get(DEBTS_SLOT)) and edits_debts(text)):
        return start_plan(asked)
    if quantities(text):  # 「3000块逾期五天」: the figures make the question clear enough
        return answer(snapshot, asked, "penalty_interest")
    if asks_sources_of_last_answer(asked):
        return sources(snapshot, asked, None)
    return None


def out_of_scope(snapshot: Snapshot | None, asked: Asked) -> Turn:
    """action_out_of_scope: off our subject, except 「依据是什么」 after an answer, which the NLU may read as
    off-topic (it names no debt) but which asks for the sources of that answer."""
    if asks_sources_of_last_answer(asked):
        return sources(snapshot, asked, None)
    return Turn().say(response="utter_out_of_scope")


UNCLEAR_BEFORE_A_PERSON = 2  # after this many "please rephrase" in a row, the next unclear message goes to a person


def unclear_in_a_row(events: list[dict]) -> int:
    """How many of the bot's last messages, back to its last real answer, asked the user to rephrase."""
    count = 0
    for event in reversed(events):
        if event.get("event") == "bot":
            if (event.get("text") or "") != wording.REPHRASE:
                break
            count += 1
    return count


def rephrase(asked: Asked) -> Turn:
    ranking = [(i, c) for i, c in asked.ranking if i and i != "nlu_fallback"]
    buttons = [{"title": label, "payload": f"/{intent}"} for intent, label in suggestions(ranking)]
    return Turn().say(wording.REPHRASE, buttons)


def _resolve_last(snapshot: Snapshot, last: str | None, platform: str | None) -> Resolved | None:
    """The answer last shown: a specific question ("q:<id>") or a topic."""
    if last and last.startswith(QUESTION_PREFIX):
        return snapshot.resolve_question(last[len(QUESTION_PREFIX) :], platform)
    return snapshot.resolve(last, platform) if last in DEBT_TOPICS else None


def sources(snapshot: Snapshot | None, asked: Asked, topic: str | None) -> Turn:
    """Which source backs which sentence of the answer last shown (or of `topic`'s answer)."""
    if snapshot is None:
        return Turn().say(wording.KB_DOWN)
    resolved = _resolve_last(snapshot, asked.slots.get("last_answer") or topic, asked.slots.get("platform"))
    if resolved is None:
        return Turn().say(wording.NO_ANSWER_YET)
    text = compose_sources(resolved.answer, snapshot.facts, lambda line: fill_placeholders(line, resolved))
    return Turn().say(text)


def answer(snapshot: Snapshot | None, asked: Asked, topic: str | None) -> Turn:
    """The KB answer for a message (also for a question asked in the middle of the planning form)."""
    slots = asked.slots
    pending = slots.get("pending_topic")
    if topic is None:  # facts given before any question: keep them, ask what to look at
        buttons = [wording.CALC_BUTTON] + [{"title": DEBT_TOPICS[t], "payload": f"/{t}"} for t in INFORM_TOPICS]
        return Turn().say(wording.INFORM_ACK, buttons)
    text, platform = asked.text, slots.get("platform")
    notice = notice_kind(text) or slots.get("notice_kind")
    turn = Turn().set(notice_kind=notice) if notice else Turn()
    already_asked = pending == topic
    if snapshot is None:
        return turn.say(wording.KB_DOWN)
    if topic == "penalty_interest":
        figures = quantities(
            text,
            platform,
            slots.get("amount") if already_asked else None,
            slots.get("duration") if already_asked else None,
        )
        if figures and not figures.platform and not already_asked:  # the rate depends on the platform
            return turn.then(ask_platform()).set(pending_topic=topic)
        if figures:
            turn.say(overdue_cost_text(snapshot, figures), [wording.CALC_BUTTON, sources_button(topic)])
            return turn.set(pending_topic=None, last_answer=topic)
    choice = choose(snapshot, text, topic, asked.ranking, platform, already_asked)
    topic = choice.topic or topic
    if choice.question:
        resolved = snapshot.resolve_question(choice.question.id, platform)
    else:
        resolved = snapshot.resolve(topic, platform)
    if resolved is None:
        return turn.say(wording.KB_DOWN)
    if choice.ask_platform:
        return turn.then(ask_platform()).set(pending_topic=topic)
    if not choice.question and resolved.answer.ask == "notice_kind" and not notice and not already_asked:
        buttons = [
            {"title": wording.NOTICE_LABELS[k], "payload": wording.NOTICE_LABELS[k]} for k in wording.NOTICE_CHOICES
        ]
        return turn.say(wording.NOTICE_QUESTION, buttons).set(pending_topic=topic)
    if topic == "interest_legality":
        computed = legality(snapshot, asked, follow_up=pending == topic)
        turn = turn.then(computed) if computed else turn
        if computed and pending == topic:
            return turn.set(pending_topic=None)  # the KB answer was given a turn ago
    reply = compose(resolved, notice)
    buttons = [*choice.others, *reply.buttons, sources_button(topic)]
    if topic in PLAN_TOPICS:
        buttons = [wording.CALC_BUTTON, *buttons]
    parts = answer_parts(reply.short, reply.detail, reply.steps, reply.sources, buttons)
    turn.say(reply.text, buttons, parts=parts)
    turn.set(last_answer=f"{QUESTION_PREFIX}{choice.question.id}" if choice.question else topic)
    if topic == "interest_legality" and lacks_term(text):
        return turn.say(wording.TERM_QUESTION).set(pending_topic=topic)
    return turn.set(pending_topic=None)


def legality(snapshot: Snapshot, asked: Asked, follow_up: bool) -> Turn | None:
    """A stated cost (到手七千，一年还一万二) as an annual rate against the KB's lines; None if none is stated."""
    said = asked.said
    text = "，".join(said[-2:]) if follow_up else (said[-1] if said else "")
    cost = read_cost(text)
    if cost is None:
        return None
    body, fact_ids = explain(cost, verdict(cost), {f: snapshot.facts[f].statement for f in snapshot.facts})
    return Turn().say(body + "\n\n" + sources_for(snapshot.facts[f] for f in fact_ids))
