"""What an overdue debt costs: simple daily penalty interest on the overdue principal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.calc.money import DAYS_PER_YEAR, dec, to_fen


@dataclass(frozen=True)
class OverdueCost:
    principal: Decimal
    days: int
    daily_rate: Decimal
    penalty_interest: Decimal
    normal_interest: Decimal | None  # at the contract rate, when the user gave one
    total_due: Decimal  # principal + penalty interest


def overdue_cost(principal: object, days: int, daily_rate: object, annual_rate: object | None = None) -> OverdueCost:
    """Simple (not compounded) daily penalty interest, as 民法典第676条 leaves to the contract.

    daily_rate is a fraction (0.0005 = 0.05% a day); annual_rate, if given, is the contract's
    normal rate, shown beside the penalty for comparison.
    """
    p, rate = dec(principal), dec(daily_rate)
    if p <= 0 or days < 0 or rate < 0:
        raise ValueError("principal must be positive, days and rate not negative")
    penalty = to_fen(p * rate * days)
    normal = to_fen(p * dec(annual_rate) / DAYS_PER_YEAR * days) if annual_rate is not None else None
    return OverdueCost(p, days, rate, penalty, normal, to_fen(p + penalty))
