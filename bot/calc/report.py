"""The calculator's result as one structure, for the command line (and later the chat)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.calc.afford import Affordability, assess
from bot.calc.overdue import OverdueCost, overdue_cost
from bot.calc.plans import TERMS, Plan, annuity, card_long_plan, daily_to_annual, equal_principal, extension, pay_in_full

EXTENSION_DAYS = 30


@dataclass(frozen=True)
class Calculation:
    platform: str | None
    daily_rate: Decimal | None
    rate_source: str  # "用户提供" / "知识库：常见公开信息" / "缺少"
    annual_rate: Decimal | None
    overdue: OverdueCost | None
    plans: tuple[Plan, ...]
    affordability: Affordability | None
    notes: tuple[str, ...]


def calculate(principal: object, days: int = 0, daily_rate: Decimal | None = None, platform: str | None = None,
              platform_rate: Decimal | None = None, annual_rate: Decimal | None = None, months: int | None = None,
              income: Decimal | None = None, expenses: Decimal | None = None) -> Calculation:
    """Overdue cost, plans and affordability; the rate comes from the user, else the KB's figure for the platform."""
    notes = []
    source = "用户提供" if daily_rate is not None else "缺少"
    if daily_rate is None and platform_rate is not None:
        daily_rate, source = platform_rate, "知识库：常见公开信息"
        notes.append("逾期费率用的是常见公开信息，以您的合同和App显示为准。")
    overdue = overdue_cost(principal, days, daily_rate, annual_rate) if daily_rate is not None else None
    if overdue is None:
        notes.append("缺少逾期费率：请提供合同上的逾期日利率（--daily-rate）才能算逾期费用。")
    due = overdue.total_due if overdue else Decimal(str(principal))
    plan_rate = annual_rate if annual_rate is not None else (daily_to_annual(daily_rate) if daily_rate is not None else None)
    plans: list[Plan] = [pay_in_full(due)]
    if daily_rate is not None:
        plans.append(extension(due, EXTENSION_DAYS, daily_rate))
    if plan_rate is not None:
        for m in ((months,) if months else TERMS):
            plans += [annuity(due, plan_rate, m), equal_principal(due, plan_rate, m)]
        if platform == "信用卡":
            plans.append(card_long_plan(due, plan_rate))
        if annual_rate is None:
            notes.append("分期按逾期费率折算的年利率估算；实际分期利率以平台方案为准。")
    else:
        notes.append("缺少利率，无法计算分期方案。")
    affordability = assess(plans, income, expenses) if income is not None and expenses is not None else None
    if affordability and affordability.recommended is None:
        notes.append("按您的收支，以上方案都超出可支配收入的一半：建议尽快与平台官方协商，或拨打12348咨询。")
    return Calculation(platform, daily_rate, source, plan_rate, overdue, tuple(plans), affordability, tuple(notes))
