from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
DAYS_PER_YEAR = 365


def to_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def dec(value: object) -> Decimal:
    """A Decimal from user input (str, int, float as its shortest text)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))
