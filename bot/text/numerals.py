"""The one numeral grammar: numbers written in digits, Chinese numerals or a mix, as Decimals.

两万三 → 23000, 2w5 → 25000, 1.5万 → 15000, 一点五万 → 15000, 3k → 3000, 二十三 → 23, 一千万零一 → 10000001.
Every reader of numbers (the NLU's entities, the planning form, the cost of a loan) finds numerals with
the patterns below and values them with `parse_number`, so a numeral means the same everywhere.

Patterns are regular-expression source text, to be embedded in each reader's own expressions:

- NUMERAL: any numeral (money, counts, answers);
- COUNT: the count before a unit of time or an instalment (三个月, 45天, 十二期). It stops at 千/万/亿
  so that 「欠了两万三个月没还」 is 两万 owed for 三个月, not 两万三 months;
- RATE_NUMBER: the number after 百分之/千分之/万分之 (百分之十八, 万分之0.5);
- RANGE: two numbers given as a range (两三, 2-3, 5到8), which is vague, never a number (两三 is not 23).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NONZERO = "一二两三四五六七八九"
CN_UNITS = "十百千万亿"

DIGITS = r"\d+(?:\.\d+)?"
# 2w5 / 2万5 / 两万三 / 1.5万 / 一点五万 / 3k / 一万二千; a w/k tail digit (2w5) is one digit, not 2w50.
NUMERAL = rf"(?:{DIGITS}|[{CN_DIGITS}{CN_UNITS}点])+(?:[wWkK](?:\d(?![\d.]))?)?"
COUNT = rf"{DIGITS}|[{CN_DIGITS}十百]+"
RATE_NUMBER = rf"{DIGITS}|[{CN_DIGITS}十点]+"
_CN_PAIR = rf"[{CN_NONZERO}](?=[{CN_NONZERO}])[{CN_DIGITS}]"
RANGE = rf"(?:{_CN_PAIR}|{DIGITS}[-~到至]{DIGITS})"

DIGITS_ONLY = re.compile(DIGITS)
# A numeral needs a digit: 千万别 and 万一 are words, 十 alone is ten.
HAS_DIGIT = re.compile(rf"[\d{CN_DIGITS}十]")
# 万/千/亿 (and w/k) make a number money-sized: 两万, 3k.
SCALED = re.compile(r"[万千亿wWkK]")
_CN_PAIR_RE = re.compile(_CN_PAIR)
_SIGN_BEFORE = re.compile(r"(?:^|[^\d.])(-)$|(负)$")
# Voice input writes decimals in words (一点五万); cn2an reads 一点五 but not with a scale after it.
_SPOKEN_DECIMAL = re.compile(r"(.+点.+?)([万千])")
_TAIL = re.compile(r"([万千百])([一二两三四五六七八九\d])$")
_ZERO_TAIL = re.compile(r"零[一二两三四五六七八九\d]$")
_NEXT_LOWER = {"万": "千", "千": "百", "百": "十"}
# 1万10 / 3万零15 / 1亿零10 (but 3亿6 is 3.6亿, never 300000006, so after 亿 only with 零).
_SCALE_THEN_DIGITS = re.compile(r"(.*万)零?([1-9]\d{0,3})|(.*亿)零([1-9]\d{0,3})")
MAX_NUMERAL_CHARS = 30


def parse_number(text: str) -> Decimal | None:
    """The value of one numeral (a NUMERAL or COUNT match), or None when it is not a number.

    Digits are read exactly. Chinese and mixed numerals through cn2an, after the colloquial tail is
    made explicit: 两万三 means 两万三千 and 3千5 means 3千5百, but 两万零三 is 20003.
    """
    if DIGITS_ONLY.fullmatch(text):
        return Decimal(text)
    if len(text) > MAX_NUMERAL_CHARS:
        return None
    value: Decimal | None
    try:
        spoken = _SPOKEN_DECIMAL.fullmatch(text)
        if spoken:
            scale = 10_000 if spoken.group(2) == "万" else 1000
            value = Decimal(str(cn2an.cn2an(spoken.group(1), "smart"))) * scale
        else:
            value = _cn2an(text)
    except Exception:  # cn2an's errors are not documented; an unreadable numeral is just not read
        return None
    return value if value is not None and value.is_finite() else None


def _cn2an(text: str) -> Decimal | None:
    s = text.replace("w", "万").replace("W", "万").replace("k", "千").replace("K", "千")
    s = s.replace("〇", "零").replace("点", ".")
    if not s or not HAS_DIGIT.search(s):
        return None
    tail = _TAIL.search(s)
    if tail and not _ZERO_TAIL.search(s):
        s += _NEXT_LOWER[tail.group(1)]
    try:
        value = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        # cn2an refuses 1万10 … 1万19 (and 3万零15): a scale, then digits, is the scale's value plus the digits.
        split = _SCALE_THEN_DIGITS.fullmatch(s)
        if not split:
            return None
        try:
            head, digits = split.group(1) or split.group(3), split.group(2) or split.group(4)
            value = Decimal(str(cn2an.cn2an(head, "smart"))) + int(digits)
        except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
            return None
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return None


def is_range(numeral: str) -> bool:
    """两三, 三四, 一两: two digits side by side are a range (两三个月 is two or three months)."""
    return bool(_CN_PAIR_RE.fullmatch(numeral))


def sign_before(text: str, start: int) -> str:
    """ "-" or "负" when the numeral at `start` is written as negative (-500, 负五百), else ""."""
    m = _SIGN_BEFORE.search(text[max(0, start - 2) : start])
    return (m.group(1) or m.group(2)) if m else ""
