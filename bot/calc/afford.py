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
    disposable: Decimal | None  # income − expenses; None when the user named a monthly capacity instead
    limit: Decimal  # the most one month's payment should take
    assessed: tuple[Assessed, ...]
    recommended: Plan | None  # the cheapest plan that fits; None when none fits


def _judge(plans: list[Plan], limit: Decimal, base: Decimal, disposable: Decimal | None) -> Affordability:
    """Each plan's highest payment against `limit`; `share` is that payment over `base`."""
    assessed = []
    for plan in plans:
        monthly = plan.highest_payment
        if base <= 0:
            assessed.append(Assessed(plan, None, False))
            continue
        assessed.append(Assessed(plan, monthly / base, monthly <= limit))
    fitting = [a.plan for a in assessed if a.affordable]
    recommended = min(fitting, key=lambda p: (p.total_paid, p.months)) if fitting else None
    return Affordability(disposable, limit, tuple(assessed), recommended)


def assess(plans: list[Plan], income: object, expenses: object, share: Decimal = AFFORDABLE_SHARE) -> Affordability:
    disposable = dec(income) - dec(expenses)
    return _judge(plans, max(disposable, Decimal(0)) * share, disposable, disposable)


def assess_capacity(plans: list[Plan], capacity: object) -> Affordability:
    """「每月最多能还两千」: the user's own ceiling is the line, and no margin is taken off it."""
    limit = dec(capacity)
    return _judge(plans, limit, limit, None)
