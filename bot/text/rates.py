"""Interest rates as a daily fraction: 万五 → 0.0005, 万分之五, 千分之一, 0.05%, 百分之十八, 年化18% → 0.18/365.

Works on normalised text; numbers are read by numerals.py.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.text.numerals import CN_DIGITS, RATE_NUMBER, parse_number

# 万五 / 万分之五 / 千分之一 / 0.05% / 百分之十八. Readers look for rates before money, so 百分之十八 is never 18 yuan.
RATE_RE = re.compile(
    rf"(?P<per>万分之|千分之|百分之)(?P<pn>{RATE_NUMBER})"
    rf"|(?<![\d{CN_DIGITS}十百千万点.])万(?P<wan>[一二两三四五六七八九\d](?:\.\d+|点[{CN_DIGITS}\d])?)(?![\d{CN_DIGITS}十百千万])"
    r"|(?P<pct>\d+(?:\.\d+)?)\s*%"
)
_PER = {"万分之": Decimal("0.0001"), "千分之": Decimal("0.001"), "百分之": Decimal("0.01")}
# The period a rate is quoted for, from the words around it: 年化/年息, 月息/月利率, 日息/每天.
_PERIODS = (("年", "年"), ("月", "月息|月利率"), ("日", "日|天"))


def period_of(text: str) -> str:
    """年, 月 or 日 when the text says what period its rates are for, else ""."""
    return next((p for p, said in _PERIODS if re.search(said, text)), "")


def rate_value(m: re.Match, period: str) -> Decimal | None:
    """A daily fraction from a RATE_RE match (annual and monthly rates spread over their days)."""
    if m.group("per"):
        base, per = parse_number(m.group("pn")), _PER[m.group("per")]
    elif m.group("wan"):
        base, per = parse_number(m.group("wan").replace("点", ".")), Decimal("0.0001")
    else:
        base, per = parse_number(m.group("pct")), Decimal("0.01")
    if base is None:
        return None
    return per_day(base * per, period, percent=m.group("per") == "百分之" or bool(m.group("pct")))


def per_day(fraction: Decimal, period: str, percent: bool) -> Decimal:
    """A rate for `period` as a daily fraction; a percent with no period that is 1% or more is annual."""
    if period == "年" or (not period and percent and fraction >= Decimal("0.01")):
        return fraction / 365  # 18% is an annual rate; nobody pays 18% a day
    if period == "月":
        return fraction / 30
    return fraction
