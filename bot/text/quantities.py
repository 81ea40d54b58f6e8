"""Money in yuan and lengths of time in days, in colloquial Chinese.

两万三 → 23000, 2w5 → 25000, 五千多 → 5000, 3k → 3000;
三个月 → 90 days, 一个半月 → 45, 半年 → 180, 一年多 → 365.
Works on normalised text (normalize.py); numerals are read by numerals.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.text.numerals import COUNT, HAS_DIGIT, NUMERAL, RANGE, SCALED, is_range, parse_number

DAYS_PER = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}
TIME_UNITS = "天|周|星期|礼拜|月|年"

# Money: a numeral, an approximation said after it, a unit, and an approximation after the unit.
# 五千多 / 两万来块 / 五千出头 / 3000左右 / 两千上下 / 三百余元 / 五千几 / 3000元左右
_ABOUT = "多|来|出头|左右"
_ABOUT_LOOSE = "上下|余|几"
_ABOUT_AFTER_UNIT = "左右|上下|出头"
_YUAN = "元|块钱|块|rmb|RMB"
AMOUNT_RE = re.compile(
    rf"(?P<num>{NUMERAL})(?P<more>{_ABOUT}|{_ABOUT_LOOSE})?(?P<unit>{_YUAN})?(?P<more2>{_ABOUT_AFTER_UNIT})?"
)
# The NLU's amount entity spans the numeral, 多/来/出头/左右 and the unit (as the evaluation set is annotated).
_ENTITY_AMOUNT_RE = re.compile(rf"(?P<num>{NUMERAL})(?P<more>{_ABOUT})?(?P<unit>{_YUAN})?")
_MONEY_CUE_BEFORE = re.compile(
    r"(欠|借|还|贷|本金|欠款|额度|总共|一共|合计|剩|到手|透支|差|罚|利息|本息|要还|总额)[了款钱有约大概差不多是共将近近]*$"
)
_NOT_AMOUNT_AFTER = re.compile(r"(个|天|周|星期|礼拜|月|年|号|日|点|%|次|期|岁|分|秒|小时|位|倍|条|家|张)")

# Time: a count, 多/半/个, a unit, and 多/半 after it. 三个月 / 一个半月 / 两个多月 / 半年 / 一年半 / 七日内
_DURATION_RE = re.compile(
    rf"(?P<num>{COUNT})?"
    r"(?P<more1>多)?(?P<half0>半)?(?P<ge>个)?(?P<half1>半)?(?P<more3>多)?"
    r"(?P<unit>天|日(?=内|之内)|周|星期|礼拜|月|年)"
    r"(?P<more2>多|半)?"
)

# Amounts and durations too vague to compute with: 几千, 好几个月, 两三万, 2-3万, 十几天, 很久.
VAGUE_DURATION_RE = re.compile(
    rf"好?几个?(?:{TIME_UNITS})|十几天|几十天|{RANGE}个?多?(?:{TIME_UNITS})|好多(?:天|个?月|年)"
    r"|很久|好久|挺久|很长时间|好长时间|一段时间"
)
VAGUE_AMOUNT_RE = re.compile(
    rf"好?几[十百千万]+|[十百千万]几[十百千万]*|{RANGE}[十百千万wWkK]+|{RANGE}(?:元|块)|一些|好多|很多|不少"
)
# 大概八千, 差不多三个月: the words before a number that make it approximate.
APPROX_BEFORE = re.compile(r"(?:大概|大约|约莫|约|差不多|将近|接近|估计|可能|预计|快|近)[是有在就]?$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    value: int


def _as_int(value: Decimal) -> int:
    return int(value.to_integral_value())


def find_amounts(text: str) -> list[Mention]:
    """Money mentions: a numeral with a money unit (元/块/万/千/w/k), or after a money verb (欠/借/还…)."""
    found = []
    for m in _ENTITY_AMOUNT_RE.finditer(text):
        num = m.group("num")
        if not HAS_DIGIT.search(num):
            continue
        has_scale = bool(SCALED.search(num))
        has_unit = bool(m.group("unit"))
        cued = bool(_MONEY_CUE_BEFORE.search(text[: m.start()]))
        # 三个月, 45天, 10号, 24%: numbers that are durations, dates or rates are not money.
        if _NOT_AMOUNT_AFTER.match(text[m.end() : m.end() + 2]):
            continue
        if not (has_scale or has_unit or (cued and re.search(r"\d{3,}|[百千万]", num))):
            continue
        value = parse_number(num)
        if value is None or value <= 0:
            continue
        found.append(Mention(m.start(), m.end(), m.group(0), _as_int(value)))
    return found


def _is_date_context(text: str, m: re.Match) -> bool:
    unit = m.group("unit")
    after = text[m.end() : m.end() + 3]
    before = text[max(0, m.start() - 1) : m.start()]
    num = m.group("num") or ""
    if unit == "月":
        # 3月10号, 6月份, 今年3月: a calendar month, not a length of time.
        if not m.group("ge") and (
            re.match(r"(\d|[一二三四五六七八九十]+[号日])|份|底|初|中旬|末", after) or before == "年"
        ):
            return True
        if not m.group("ge") and not num:
            return True  # 每月, 本月, 上月
    if unit == "年" and num.isdigit() and (len(num) == 4 or int(num) > 15):
        return True  # 2023年, 23年借的
    halved = m.group("half0") or m.group("half1")
    if unit in ("周", "星期", "礼拜") and not num and not halved:
        return True  # 周一, 星期三, 上礼拜
    if unit == "天" and not num and not halved:
        return True  # 今天, 每天
    return False


def find_durations(text: str) -> list[Mention]:
    """Lengths of time in days (a month is 30 days, a year 365)."""
    found = []
    for m in _DURATION_RE.finditer(text):
        if _is_date_context(text, m):
            continue
        num_text = m.group("num")
        unit = m.group("unit")
        halves = bool(m.group("half0") or m.group("half1") or m.group("more2") == "半")
        if num_text:
            if is_range(num_text):
                continue  # 两三个月: a range, not a number (两三 is not 23)
            value = parse_number(num_text)
            if value is None:
                continue
        elif halves:
            value = Decimal(0)  # 半年, 半个月
        else:
            continue
        unit_days = DAYS_PER[unit]
        days = value * unit_days
        if halves:
            # 半年 is spoken of as six months, 一个半月 as 45 days.
            days += Decimal(180) if unit == "年" else Decimal(unit_days) / 2
        if days <= 0:
            continue
        found.append(Mention(m.start(), m.end(), m.group(0), _as_int(days)))
    return found


def parse_amount(text: str) -> int | None:
    """The first money amount in a short answer, in yuan ("两万三" → 23000), or None."""
    found = find_amounts(text)
    if found:
        return found[0].value
    value = parse_number(text.strip().rstrip("元块"))
    return _as_int(value) if value is not None and value > 0 else None


def parse_days(text: str) -> int | None:
    """The first duration in a short answer, in days ("一个半月" → 45), or None."""
    found = find_durations(text)
    return found[0].value if found else None
