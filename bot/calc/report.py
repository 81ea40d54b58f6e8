"""The calculator's result as one structure, for the command line (and later the chat)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot import wording as w
from bot.calc.afford import Affordability, assess, assess_capacity
from bot.calc.money import DAYS_PER_YEAR
from bot.calc.overdue import OverdueCost, overdue_cost
from bot.calc.plans import (
    TERMS,
    Plan,
    annuity,
    card_long_plan,
    daily_to_annual,
    equal_principal,
    extension,
    pay_in_full,
)

EXTENSION_DAYS = 30
# With no rate from the user or the KB, figures use the line above which a court can cut a licensed
# lender's interest and fees (KB fact financial_loan_24_percent): an estimate, labelled as one.
ESTIMATE_ANNUAL_RATE = Decimal("0.24")
RATE_FROM_USER, RATE_FROM_KB, RATE_ESTIMATED = w.RATE_SOURCE_USER, w.RATE_SOURCE_KB, w.RATE_SOURCE_ESTIMATED


@dataclass(frozen=True)
class Calculation:
    platform: str | None
    daily_rate: Decimal
    rate_source: str  # RATE_FROM_USER / RATE_FROM_KB / RATE_ESTIMATED
    annual_rate: Decimal | None
    overdue: OverdueCost
    plans: tuple[Plan, ...]
    affordability: Affordability | None
    notes: tuple[str, ...]


def calculate(
    principal: object,
    days: int = 0,
    daily_rate: Decimal | None = None,
    platform: str | None = None,
    platform_rate: Decimal | None = None,
    annual_rate: Decimal | None = None,
    months: int | None = None,
    income: Decimal | None = None,
    expenses: Decimal | None = None,
    capacity: Decimal | None = None,
) -> Calculation:
    """Overdue cost, plans and affordability.

    The overdue rate comes from the user, else the KB's figure for the platform, else the 24% estimate.
    Affordability comes from income and expenses, or from the monthly capacity the user names.
    """
    notes = []
    source = RATE_FROM_USER
    if daily_rate is None and platform_rate is not None:
        daily_rate, source = platform_rate, RATE_FROM_KB
        notes.append(w.NOTE_RATE_FROM_KB)
    elif daily_rate is None:
        daily_rate, source = ESTIMATE_ANNUAL_RATE / DAYS_PER_YEAR, RATE_ESTIMATED
        notes.append(w.NOTE_RATE_ESTIMATED)
    overdue = overdue_cost(principal, days, daily_rate, annual_rate)
    due = overdue.total_due
    if annual_rate is not None:
        plan_rate = annual_rate
    else:  # the estimate stays exactly 24%, not 24%/365×365 with its rounding
        plan_rate = ESTIMATE_ANNUAL_RATE if source == RATE_ESTIMATED else daily_to_annual(daily_rate)
    plans: list[Plan] = [pay_in_full(due), extension(due, EXTENSION_DAYS, daily_rate)]
    for m in (months,) if months else TERMS:
        plans += [annuity(due, plan_rate, m), equal_principal(due, plan_rate, m)]
    if platform == "信用卡":
        plans.append(card_long_plan(due, plan_rate))
    if annual_rate is None:
        notes.append(w.NOTE_PLAN_RATE)
    affordability = None
    if capacity is not None:
        affordability = assess_capacity(plans, capacity)
    elif income is not None and expenses is not None:
        affordability = assess(plans, income, expenses)
    if affordability and affordability.recommended is None:
        notes.append(w.NOTE_NOTHING_FITS)
    return Calculation(platform, daily_rate, source, plan_rate, overdue, tuple(plans), affordability, tuple(notes))
