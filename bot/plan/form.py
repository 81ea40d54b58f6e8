"""One turn of the planning form: merge what the user said, explain problems, ask for what is missing.

Plain Python so every rule can be tested without Rasa; actions/plan.py only moves slots in and out.
Slot values are kept as text (decimals as strings) because Rasa slots hold JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bot import wording
from bot.calc.format import money, percent
from bot.plan.read import Reading, read
from bot.plan.slots import AMOUNT_SLOTS, LABELS, ORDER, PLAN_SLOTS, Stop
from bot.text.quantities import find_durations
from bot.topics import DEBT_TOPICS
from bot.turn import Message

PLAN_TOPICS = ("negotiate_repayment", "penalty_interest", "extension_grace", "interest_legality")


@dataclass(frozen=True)
class Step:
    updates: dict[str, str | None]  # slot → new value
    messages: tuple[Message, ...]
    next_slot: str | None  # None: nothing left to ask, or stopped
    stop: Stop | None = None
    last_filled: tuple[str, ...] = ()  # the slots this turn filled (see correction_target)
    times_asked: int = 0  # answers next_slot's question has had: this turn's, if it is asked again


def as_text(value: object) -> str:
    return str(value)


def show(slot: str, value: str) -> str:
    """A slot value as the user reads it back."""
    if slot in AMOUNT_SLOTS:
        return money(value)
    if slot == "overdue_days":
        return wording.PLAN_SHOW_DAYS.format(days=value)
    if slot == "overdue_rate":
        if value == "unknown":
            return wording.PLAN_SHOW_RATE_UNKNOWN
        return wording.PLAN_SHOW_RATE.format(rate=percent(Decimal(value)))
    return value


def missing(filled: dict[str, str | None], rate_known: bool) -> list[str]:
    skip = {"overdue_rate"} if rate_known else set()
    if filled.get("monthly_capacity") is not None:
        skip |= {"monthly_income", "monthly_expenses"}
    return [s for s in ORDER if filled.get(s) is None and s not in skip]


def question(slot: str, platform: str | None, rate_note: str | None, first: bool) -> Message:
    """The question for one slot; the first question also says how to correct or stop."""
    tail = f"\n（{wording.HOW_TO_STEER}）" if first else ""
    text = wording.PLAN_QUESTIONS[slot].format(
        platform=platform or wording.PLAN_THIS_PLATFORM,
        note=wording.PLAN_RATE_NOTE.format(note=rate_note) if rate_note else "",
    )
    buttons: tuple[dict, ...] = ()
    if slot == "platform":
        buttons = tuple({"title": p, "payload": p} for p in wording.PLAN_PLATFORMS)
    elif slot == "overdue_rate":
        buttons = (wording.UNKNOWN_RATE_BUTTON,)
    return Message(text + tail, buttons)


EARLIER_MESSAGES = 12


def earlier_values(texts: list[str]) -> dict[str, str]:
    """Values stated in earlier messages (the latest wins), for a form started later in the conversation."""
    values: dict[str, str] = {}
    for text in texts[-EARLIER_MESSAGES:]:
        if text.startswith("/"):
            continue  # a button's payload, not the user's words
        reading = read(text)
        values.update({slot: as_text(v) for slot, v in reading.values.items() if slot in PLAN_SLOTS})
    return values


def correction_target(last_turn: list[str] | None, text: str) -> str | None:
    """The slot 「不对，是三万」 corrects: of the slots filled last turn, the one of the same kind."""
    slots = [s for s in (last_turn or ()) if s in PLAN_SLOTS]
    if find_durations(text) and "overdue_days" in slots:
        return "overdue_days"
    amounts = [s for s in slots if s in AMOUNT_SLOTS]
    return amounts[0] if amounts else (slots[-1] if slots else None)


def _is_question_elsewhere(reading: Reading, intent: str | None, text: str) -> bool:
    """A debt question that is not about the plan, with nothing for the form in it: answer it instead."""
    nothing = not reading.values and all(p.kind == "unreadable" for p in reading.problems)
    asks = any(mark in text for mark in ("?", "？", "吗", "怎么", "会不会", "能不能", "是不是", "多久", "什么", "哪"))
    return nothing and intent in DEBT_TOPICS and intent not in PLAN_TOPICS and asks


STUCK_AFTER = 2  # the same question asked this many times already: offer a person


def step(
    filled: dict[str, str | None],
    reading: Reading,
    requested: str | None,
    intent: str | None,
    text: str,
    rate_known_for: Callable[[str], bool],
    rate_note_for: Callable[[str], str | None],
    first_turn: bool = False,
    times_asked: int = 0,
) -> Step:
    """filled: the form's slots now; rate_known_for(platform) says whether the KB has the platform's rate;
    times_asked: how many answers `requested` has had, this one included (0 on the form's first turn)."""
    if intent == "crisis":
        return Step({}, (), None, stop=Stop.CRISIS)
    if intent == "human_handoff":
        return Step({}, (), None, stop=Stop.HUMAN)
    if reading.stop:
        return Step({}, (), None, stop=Stop.USER)
    if requested and _is_question_elsewhere(reading, intent, text):
        return Step({}, (), None, stop=Stop.TOPIC)

    updates: dict[str, str | None] = {
        slot: as_text(value) for slot, value in reading.values.items() if slot in PLAN_SLOTS
    }
    # Whichever budget the user gave last counts: new income or expenses replace a stated capacity.
    if (
        {"monthly_income", "monthly_expenses"} & set(updates)
        and "monthly_capacity" not in updates
        and filled.get("monthly_capacity") is not None
    ):
        updates["monthly_capacity"] = None
    merged = {**filled, **updates}
    # A new platform may know its rate where the old one did not (or the other way round).
    new_platform = updates.get("platform")
    if new_platform is not None and new_platform != filled.get("platform") and "overdue_rate" not in updates:
        if rate_known_for(new_platform):
            updates["overdue_rate"] = None
            merged["overdue_rate"] = None

    lines = []
    shown = [f"{LABELS[s]}{show(s, v)}" for s, v in updates.items() if v is not None]
    if shown:
        lines.append((wording.PLAN_CORRECTED if reading.correction else wording.PLAN_NOTED) + "，".join(shown) + "。")
    for slot, words in reading.approximate.items():
        value = updates.get(slot)
        if value is not None:
            lines.append(wording.PLAN_APPROXIMATE.format(words=words, value=show(slot, value)))
    for problem in reading.problems:
        if problem.kind == "unreadable" and (updates or len(reading.problems) > 1):
            continue  # something else was read or explained; no need to say what was not
        lines.append(
            wording.PLAN_PROBLEMS.get(problem.kind, wording.PLAN_PROBLEMS["unreadable"]).format(
                words=problem.words, label=LABELS.get(problem.slot, wording.PLAN_A_NUMBER)
            )
        )

    platform = merged.get("platform")
    todo = missing(merged, rate_known_for(platform) if platform else False)
    next_slot = todo[0] if todo else None
    messages = []
    if next_slot:
        ask = question(next_slot, platform, rate_note_for(platform) if platform else None, first_turn)
        buttons = ask.buttons
        if next_slot == requested and times_asked >= STUCK_AFTER:
            lines.append(wording.PLAN_STUCK)
            buttons = (*buttons, wording.HUMAN_BUTTON)
        text_out = "\n".join([*lines, ask.text or ""])
        messages.append(Message(text_out, buttons))
    elif lines:
        messages.append(Message("\n".join(lines)))
    last = tuple(s for s in PLAN_SLOTS if updates.get(s) is not None)
    again = times_asked if next_slot is not None and next_slot == requested else 0
    return Step(updates, tuple(messages), next_slot, last_filled=last, times_asked=again)
