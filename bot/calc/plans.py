"""Repayment plans: pay in full, an extension, 等额本息, 等额本金, and a long 个性化分期-style plan."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot import wording as w
from bot.calc.money import DAYS_PER_YEAR, dec, to_fen

TERMS = (3, 6, 12, 24, 36)
LONGEST_CARD_PLAN = 60  # 《商业银行信用卡业务监督管理办法》第70条: at most five years, at the bank's discretion


@dataclass(frozen=True)
class Period:
    number: int
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Plan:
    kind: str  # full | extension | annuity | equal_principal | card_long
    label: str
    months: int
    principal: Decimal
    schedule: tuple[Period, ...]
    note: str = ""

    @property
    def total_interest(self) -> Decimal:
        return sum((p.interest for p in self.schedule), Decimal(0))

    @property
    def total_paid(self) -> Decimal:
        return sum((p.payment for p in self.schedule), Decimal(0))

    @property
    def first_payment(self) -> Decimal:
        return self.schedule[0].payment

    @property
    def highest_payment(self) -> Decimal:
        return max(p.payment for p in self.schedule)


def pay_in_full(amount_due: object) -> Plan:
    amount = to_fen(dec(amount_due))
    return Plan("full", w.PLAN_FULL, 0, amount, (Period(1, amount, amount, Decimal(0), Decimal(0)),))


def extension(principal: object, days: int, daily_rate: object) -> Plan:
    """Everything paid after `days` more days, with daily interest meanwhile (only if the lender agrees: 第678条)."""
    p = to_fen(dec(principal))
    interest = to_fen(p * dec(daily_rate) * days)
    return Plan(
        "extension",
        w.PLAN_EXTENSION.format(days=days),
        0,
        p,
        (Period(1, p + interest, p, interest, Decimal(0)),),
        note=w.PLAN_EXTENSION_NOTE,
    )


def _monthly(annual_rate: Decimal) -> Decimal:
    return annual_rate / 12


def annuity(principal: object, annual_rate: object, months: int, kind: str = "annuity") -> Plan:
    """等额本息: equal monthly payments; the last one absorbs the rounding so nothing is lost."""
    p, r = to_fen(dec(principal)), _monthly(dec(annual_rate))
    if p <= 0 or months <= 0 or r < 0:
        raise ValueError("principal and months must be positive, rate not negative")
    payment = to_fen(p / months) if r == 0 else to_fen(p * r * (1 + r) ** months / ((1 + r) ** months - 1))
    balance, rows = p, []
    for n in range(1, months + 1):
        interest = to_fen(balance * r)
        part = balance if n == months else min(payment - interest, balance)
        balance -= part
        rows.append(Period(n, part + interest, part, interest, balance))
    label = (w.PLAN_ANNUITY if kind == "annuity" else w.PLAN_CARD_LONG).format(months=months)
    return Plan(kind, label, months, p, tuple(rows))


def equal_principal(principal: object, annual_rate: object, months: int) -> Plan:
    """等额本金: the same principal each month, interest on what is left, so payments fall."""
    p, r = to_fen(dec(principal)), _monthly(dec(annual_rate))
    if p <= 0 or months <= 0 or r < 0:
        raise ValueError("principal and months must be positive, rate not negative")
    part = to_fen(p / months)
    balance, rows = p, []
    for n in range(1, months + 1):
        interest = to_fen(balance * r)
        paid = balance if n == months else part
        balance -= paid
        rows.append(Period(n, paid + interest, paid, interest, balance))
    return Plan("equal_principal", w.PLAN_EQUAL_PRINCIPAL.format(months=months), months, p, tuple(rows))


def card_long_plan(principal: object, annual_rate: object, months: int = LONGEST_CARD_PLAN) -> Plan:
    """A 个性化分期-style plan up to 60 months: something a bank MAY grant for credit cards, not a right."""
    if months > LONGEST_CARD_PLAN:
        raise ValueError("个性化分期 lasts at most 60 months")
    plan = annuity(principal, annual_rate, months, kind="card_long")
    return Plan(
        plan.kind,
        plan.label,
        plan.months,
        plan.principal,
        plan.schedule,
        note=w.PLAN_CARD_LONG_NOTE,
    )


def daily_to_annual(daily_rate: object) -> Decimal:
    return dec(daily_rate) * DAYS_PER_YEAR
