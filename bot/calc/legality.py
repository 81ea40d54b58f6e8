"""Is a stated cost lawful? Converts it to an annual rate and compares with the legal lines.

The lines come from KB facts (data/kb/facts.yml), named here by id so the answer can cite them:
- financial_loan_24_percent: licensed lenders; in court, interest and fees above 24% a year can be cut;
- private_lending_4x_lpr: lending between individuals; above 4 × the one-year LPR is not supported;
  the LPR is the one when the contract was made (lpr_current gives today's, about 3.0%).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.calc.money import DAYS_PER_YEAR, dec

LICENSED_CAP = Decimal("0.24")
LICENSED_CAP_FACT = "financial_loan_24_percent"
LPR_TODAY = Decimal("0.03")
LPR_FACT = "lpr_current"
PRIVATE_CAP_FACT = "private_lending_4x_lpr"


@dataclass(frozen=True)
class Verdict:
    annual_rate: Decimal  # simple annual rate (single repayment) or IRR × 12 (instalments)
    method: str  # "APR" or "IRR"
    above_licensed_cap: bool
    above_private_cap: bool
    private_cap: Decimal
    facts: tuple[str, ...] = (LICENSED_CAP_FACT, PRIVATE_CAP_FACT, LPR_FACT)


def _verdict(rate: Decimal, method: str, lpr: Decimal) -> Verdict:
    private_cap = 4 * lpr
    return Verdict(rate, method, rate > LICENSED_CAP, rate > private_cap, private_cap)


def single_repayment(received: object, repaid: object, days: int, lpr: object = LPR_TODAY) -> Verdict:
    """到手七千、一年还一万二: (repaid − received) / received × 365 / days, on what was actually received (第670条)."""
    got, back = dec(received), dec(repaid)
    if got <= 0 or back <= 0 or days <= 0:
        raise ValueError("amounts and days must be positive")
    return _verdict((back - got) / got * DAYS_PER_YEAR / days, "APR", dec(lpr))


def daily_fee(daily_rate: object, lpr: object = LPR_TODAY) -> Verdict:
    """A fee quoted per day (日息万五 = 0.0005) as a simple annual rate."""
    return _verdict(dec(daily_rate) * DAYS_PER_YEAR, "APR", dec(lpr))


def instalments(received: object, payment: object, months: int, lpr: object = LPR_TODAY) -> Verdict:
    """Equal monthly payments on what was received: the monthly IRR by bisection, × 12."""
    got, pay = dec(received), dec(payment)
    if got <= 0 or pay <= 0 or months <= 0:
        raise ValueError("amounts and months must be positive")

    def present_value(rate: Decimal) -> Decimal:
        return sum((pay / (1 + rate) ** k for k in range(1, months + 1)), Decimal(0))

    if present_value(Decimal(0)) <= got:
        return _verdict(Decimal(0), "IRR", dec(lpr))  # repaying no more than received
    low, high = Decimal(0), Decimal(1)
    while present_value(high) > got:
        high *= 2
    for _ in range(80):
        mid = (low + high) / 2
        if present_value(mid) > got:
            low = mid
        else:
            high = mid
    return _verdict((low + high) / 2 * 12, "IRR", dec(lpr))
