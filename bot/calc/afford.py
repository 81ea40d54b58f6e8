"""Which plans fit a budget: disposable income = income − essential expenses."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.calc.money import dec
from bot.calc.plans import Plan

# A plan "fits" when its highest monthly payment takes at most this share of disposable income,
# leaving the rest for the unexpected.
AFFORDABLE_SHARE = Decimal("0.5")


@dataclass(frozen=True)
class Assessed:
    plan: Plan
    share: Decimal | None  # highest monthly payment / disposable income (None when nothing is disposable)
    affordable: bool


@dataclass(frozen=True)
class Affordability:
    disposable: Decimal
    assessed: tuple[Assessed, ...]
    recommended: Plan | None  # the cheapest plan that fits; None when none fits


def assess(plans: list[Plan], income: object, expenses: object, share: Decimal = AFFORDABLE_SHARE) -> Affordability:
    disposable = dec(income) - dec(expenses)
    assessed = []
    for plan in plans:
        monthly = plan.highest_payment
        if disposable <= 0:
            assessed.append(Assessed(plan, None, False))
            continue
        ratio = monthly / disposable
        assessed.append(Assessed(plan, ratio, ratio <= share))
    fitting = [a.plan for a in assessed if a.affordable]
    recommended = min(fitting, key=lambda p: (p.total_paid, p.months)) if fitting else None
    return Affordability(disposable, tuple(assessed), recommended)
