"""One turn of the planning form: merge what the user said, explain problems, ask for what is missing.

Plain Python so every rule can be tested without Rasa; actions/plan.py only moves slots in and out.
Slot values are kept as text (decimals as strings) because Rasa slots hold JSON.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.plan.read import Reading, read
from bot.text.quantities import find_durations
from bot.topics import DEBT_TOPICS

# Asked in this order; overdue_rate only when the KB has no figure for the platform.
ORDER = ("platform", "debt_amount", "overdue_days", "overdue_rate", "monthly_income", "monthly_expenses")
# A monthly capacity (「每月最多能还两千」) stands in for income and expenses; it is never asked for.
PLAN_SLOTS = (*ORDER, "monthly_capacity")
PLAN_TOPICS = ("negotiate_repayment", "penalty_interest", "extension_grace", "interest_legality")

LABELS = {
    "platform": "平台", "debt_amount": "欠款金额", "overdue_days": "逾期天数", "overdue_rate": "逾期日利率",
    "monthly_income": "每月收入", "monthly_expenses": "每月必要开支", "monthly_capacity": "每月最多能还",
}
PLATFORM_CHOICES = ("花呗", "借呗", "信用卡", "微粒贷", "京东白条", "其他")
HOW_TO_STEER = "数字说错了直接说「改成…」；不想算了说「不算了」。"

_PROBLEMS = {
    "vague": "「{words}」还不够具体，说个大概的数就行。",
    "negative": "{label}不能是负数。",
    "too_large": "「{words}」超出了个人欠款的常见范围，是不是多打了几个零？",
    "zero": "欠款是0的话就不用做还款方案了；如果还有没还的，请说一下还欠多少。",
    "unreadable": "这句话里我没读到{label}。",
}


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Step:
    updates: dict[str, str | None]  # slot → new value
    messages: tuple[Message, ...]
    next_slot: str | None  # None: nothing left to ask, or stopped
    stop: str | None = None  # user / topic / human / crisis
    last_filled: str | None = None  # the slots this turn filled, comma-separated (see correction_target)


def as_text(value: object) -> str:
    return str(value)


def money(value: object) -> str:
    amount = Decimal(str(value))
    return f"{amount:,.0f}元" if amount == amount.to_integral_value() else f"{amount:,.2f}元"


def show(slot: str, value: str) -> str:
    """A slot value as the user reads it back."""
    if slot in ("debt_amount", "monthly_income", "monthly_expenses", "monthly_capacity"):
        return money(value)
    if slot == "overdue_days":
        return f"{value}天"
    if slot == "overdue_rate":
        return "不清楚（先按估算）" if value == "unknown" else f"每天{Decimal(value) * 100:.4f}".rstrip("0").rstrip(".") + "%"
    return value


def missing(filled: dict[str, str | None], rate_known: bool) -> list[str]:
    skip = {"overdue_rate"} if rate_known else set()
    if filled.get("monthly_capacity") is not None:
        skip |= {"monthly_income", "monthly_expenses"}
    return [s for s in ORDER if filled.get(s) is None and s not in skip]


def question(slot: str, platform: str | None, rate_note: str | None, first: bool) -> Message:
    """The question for one slot; the first question also says how to correct or stop."""
    tail = f"\n（{HOW_TO_STEER}）" if first else ""
    if slot == "platform":
        return Message("是哪个平台的欠款？" + tail, tuple({"title": p, "payload": p} for p in PLATFORM_CHOICES))
    if slot == "debt_amount":
        return Message("现在一共欠多少钱？说个大概数就行，比如「两万三」。" + tail)
    if slot == "overdue_days":
        return Message("逾期多少天了？比如「45天」或「一个半月」；还没逾期就说「没逾期」。" + tail)
    if slot == "overdue_rate":
        note = f"（{rate_note}）" if rate_note else ""
        return Message(
            f"{platform or '这个平台'}的逾期日利率我这里没有可靠的数字{note}。合同或App的借款详情里一般能看到，"
            "比如「万分之五」或「0.05%」。不清楚就回「不知道」，我先按估算来算。" + tail,
            ({"title": "不知道", "payload": "不知道"},),
        )
    if slot == "monthly_income":
        return Message("您每个月收入大概多少？工资、兼职都算上；没有收入就说「没有」。"
                       "也可以直接说每月最多能还多少，比如「每月最多能还一千五」。" + tail)
    return Message("每个月必须花的钱大概多少？房租、吃饭、交通、孩子，还有别的必须还的贷款都算上。" + tail)


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


def correction_target(last_turn: str | None, text: str) -> str | None:
    """The slot 「不对，是三万」 corrects: of the slots filled last turn, the one of the same kind."""
    slots = [s for s in (last_turn or "").split(",") if s]
    if find_durations(text) and "overdue_days" in slots:
        return "overdue_days"
    amounts = [s for s in slots if s in ("debt_amount", "monthly_income", "monthly_expenses", "monthly_capacity")]
    return amounts[0] if amounts else (slots[-1] if slots else None)


def _is_question_elsewhere(reading: Reading, intent: str | None, text: str) -> bool:
    """A debt question that is not about the plan, with nothing for the form in it: answer it instead."""
    nothing = not reading.values and all(p.kind == "unreadable" for p in reading.problems)
    asks = any(mark in text for mark in ("?", "？", "吗", "怎么", "会不会", "能不能", "是不是", "多久", "什么", "哪"))
    return nothing and intent in DEBT_TOPICS and intent not in PLAN_TOPICS and asks


HUMAN_BUTTON = {"title": "转人工", "payload": "/human_handoff"}
STUCK_AFTER = 2  # the same question asked this many times already: offer a person


def step(filled: dict[str, str | None], reading: Reading, requested: str | None, intent: str | None, text: str,
         rate_known_for: "callable", rate_note_for: "callable", first_turn: bool = False, times_asked: int = 0) -> Step:
    """filled: the form's slots now; rate_known_for(platform) says whether the KB has the platform's rate;
    times_asked: how often `requested` has been asked already."""
    if intent == "crisis":
        return Step({}, (), None, stop="crisis")
    if intent == "human_handoff":
        return Step({}, (), None, stop="human")
    if reading.stop:
        return Step({}, (), None, stop="user")
    if requested and _is_question_elsewhere(reading, intent, text):
        return Step({}, (), None, stop="topic")

    updates = {slot: as_text(value) for slot, value in reading.values.items() if slot in PLAN_SLOTS}
    # Whichever budget the user gave last counts: new income or expenses replace a stated capacity.
    if ({"monthly_income", "monthly_expenses"} & set(updates) and "monthly_capacity" not in updates
            and filled.get("monthly_capacity") is not None):
        updates["monthly_capacity"] = None
    merged = {**filled, **updates}
    # A new platform may know its rate where the old one did not (or the other way round).
    if "platform" in updates and updates["platform"] != filled.get("platform") and "overdue_rate" not in updates:
        if rate_known_for(updates["platform"]):
            updates["overdue_rate"] = None
            merged["overdue_rate"] = None

    lines = []
    shown = [f"{LABELS[s]}{show(s, v)}" for s, v in updates.items() if v is not None]
    if shown:
        lines.append(("已改好：" if reading.correction else "记下了：") + "，".join(shown) + "。")
    for slot, words in reading.approximate.items():
        if slot in updates and updates[slot] is not None:
            lines.append(f"「{words}」我先按{show(slot, updates[slot])}算，有准确数字随时告诉我。")
    for problem in reading.problems:
        if problem.kind == "unreadable" and (updates or len(reading.problems) > 1):
            continue  # something else was read or explained; no need to say what was not
        lines.append(_PROBLEMS.get(problem.kind, _PROBLEMS["unreadable"]).format(
            words=problem.words, label=LABELS.get(problem.slot, "数字")))

    platform = merged.get("platform")
    todo = missing(merged, rate_known_for(platform) if platform else False)
    next_slot = todo[0] if todo else None
    messages = []
    if next_slot:
        ask = question(next_slot, platform, rate_note_for(platform) if platform else None, first_turn)
        buttons = ask.buttons
        if next_slot == requested and times_asked >= STUCK_AFTER:
            lines.append("不方便说具体数字也没关系：可以说「不算了」先停下，或者转人工让客服帮您算。")
            buttons = (*buttons, HUMAN_BUTTON)
        text_out = "\n".join(lines + [ask.text]) if lines else ask.text
        messages.append(Message(text_out, buttons))
    elif lines:
        messages.append(Message("\n".join(lines)))
    last = ",".join(s for s in PLAN_SLOTS if updates.get(s) is not None) or None
    return Step(updates, tuple(messages), next_slot, last_filled=last)
