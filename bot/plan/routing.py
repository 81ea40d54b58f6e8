"""When a debt question should turn into the planning conversation."""

from __future__ import annotations

import re

from bot.text.quantities import find_amounts

# 「帮我算算」「做个还款计划」「继续算」: the user asks for numbers.
_ASKS_FOR_NUMBERS = re.compile(
    r"算一算|算一下|算算|帮我算|给我算|计算|还款计划|还款方案|做个计划|规划|继续算|接着算|重新算|重算"
)
RESTART = re.compile(r"重新算|重算|从头算")


def names_several_debts(text: str) -> bool:
    """「信用卡欠了5万，花呗1万，还有两个网贷各三千」: two or more debts with amounts in one message."""
    from bot.plan.debts import apply, read_debts, several

    return several(apply([], read_debts(text or ""))[0])


def edits_debts(text: str) -> bool:
    """「网贷那笔已经还了」「花呗其实是一万二」「信用卡那笔被起诉了」: a change to a listed debt."""
    from bot.plan.debts import read_debts

    reading = read_debts(text or "")
    return bool(reading.removals) or any(m.amount is not None or m.court for m in reading.mentions)


def asks_for_numbers(text: str) -> bool:
    return bool(_ASKS_FOR_NUMBERS.search(text or ""))


def wants_plan(intent: str | None, text: str, entities: list[dict], has_budget: bool) -> bool:
    """True when the planner should run for this message.

    has_budget: the message states income or expenses (bot.plan.read found them); with a debt amount
    that is a request for a plan whatever the topic the NLU picked.
    """
    if any(e.get("entity") == "calc" for e in entities or ()):
        return True
    text = text or ""
    if asks_for_numbers(text) or names_several_debts(text):
        return True  # an explicit request or the whole picture, whatever topic the NLU picked
    amounts = find_amounts(text)
    if has_budget and amounts:
        return True
    # An amount makes negotiation/extension questions numeric. A penalty question with an amount gets
    # the overdue cost at once (bot/plan/quick_cost.py); for interest_legality an amount is usually
    # the loan's cost, which the KB answer covers; a bare 「欠了2w5」 (inform) is a fact to keep, and
    # the reply offers the calculation.
    return bool(amounts) and intent in ("negotiate_repayment", "extension_grace")
