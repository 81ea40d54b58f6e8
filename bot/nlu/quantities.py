"""Money amounts and durations in colloquial Chinese, as numbers.

两万三 → 23000, 2w5 → 25000, 五千多 → 5000, 3k → 3000;
三个月 → 90 days, 一个半月 → 45, 半年 → 180, 一年多 → 365.
Plain functions on normalised text (see normalize.py); no Rasa, no spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

DAYS_PER = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_UNITS = "十百千万亿"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}{_CN_UNITS}点]+)"

# 2w5 / 2万5 / 两万三 / 1.5万 / 五千多 / 3000元 / 3k / 一万二千块
_AMOUNT_RE = re.compile(
    rf"(?P<num>(?:\d+(?:\.\d+)?|[{_CN_DIGITS}{_CN_UNITS}点])+(?:[wWkK](?:\d(?![\d.]))?)?)"
    r"(?P<more>多|来|出头|左右)?"
    r"(?P<unit>元|块钱|块|rmb|RMB)?"
)
_MONEY_CUE_BEFORE = re.compile(r"(欠|借|还|贷|本金|欠款|额度|总共|一共|合计|剩|到手|透支|差|罚|利息|本息|要还|总额)[了款钱有约大概差不多是共将近近]*$")

_DIGIT_PAIR = re.compile(r"^[一两二三四五六七八九]{2}$")
_DURATION_RE = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?|[{_CN_DIGITS}十百]+)?"
    r"(?P<more1>多)?(?P<half0>半)?(?P<ge>个)?(?P<half1>半)?(?P<more3>多)?"
    r"(?P<unit>天|日(?=内|之内)|周|星期|礼拜|月|年)"
    r"(?P<more2>多|半)?"
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    value: int


def cn_to_number(text: str) -> Decimal | None:
    """Parses a numeral in digits, Chinese or a mix (2万3, 两万三千, 1.5万, 2w5)."""
    s = text.replace("w", "万").replace("W", "万").replace("k", "千").replace("K", "千")
    s = s.replace("〇", "零").replace("点", ".")
    if not s or not re.search(rf"[\d{_CN_DIGITS}十]", s):
        return None
    # Colloquial tail: 两万三 means 两万三千, 3千5 means 3千5百.
    tail = re.search(r"([万千百])([一二两三四五六七八九\d])$", s)
    if tail and not re.search(r"零[一二两三四五六七八九\d]$", s):
        lower = {"万": "千", "千": "百", "百": "十"}[tail.group(1)]
        s += lower
    try:
        value = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return None


def _as_int(value: Decimal) -> int:
    return int(value.to_integral_value())


def find_amounts(text: str) -> list[Mention]:
    """Money mentions: a numeral with a money unit (元/块/万/千/w/k), or after a money verb (欠/借/还…)."""
    found = []
    for m in _AMOUNT_RE.finditer(text):
        num = m.group("num")
        if not re.search(rf"[\d{_CN_DIGITS}十]", num):
            continue
        has_scale = bool(re.search(r"[万千wWkK亿]", num))
        has_unit = bool(m.group("unit"))
        cued = bool(_MONEY_CUE_BEFORE.search(text[: m.start()]))
        after = text[m.end() : m.end() + 2]
        # 三个月, 45天, 10号, 24%: numbers that are durations, dates or rates are not money.
        if re.match(r"(个|天|周|星期|礼拜|月|年|号|日|点|%|次|期|岁|分|秒|小时|位|倍|条|家|张)", after):
            continue
        if not (has_scale or has_unit or (cued and re.search(r"\d{3,}|[百千万]", num))):
            continue
        value = cn_to_number(num)
        if value is None or value <= 0:
            continue
        end = m.end()
        found.append(Mention(m.start(), end, text[m.start() : end], _as_int(value)))
    return found


def _is_date_context(text: str, m: re.Match) -> bool:
    unit = m.group("unit")
    after = text[m.end() : m.end() + 3]
    before = text[max(0, m.start() - 1) : m.start()]
    num = m.group("num") or ""
    if unit == "月":
        # 3月10号, 6月份, 今年3月: a calendar month, not a length of time.
        if not m.group("ge") and (re.match(r"(\d|[一二三四五六七八九十]+[号日])|份|底|初|中旬|末", after) or before == "年"):
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
            if num_text in ("几", "好几") or _DIGIT_PAIR.match(num_text):
                continue  # 几个月, 两三个月: a range, not a number (两三 is not 23)
            value = cn_to_number(num_text)
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
    value = cn_to_number(text.strip().rstrip("元块"))
    return _as_int(value) if value is not None and value > 0 else None


def parse_days(text: str) -> int | None:
    """The first duration in a short answer, in days ("一个半月" → 45), or None."""
    found = find_durations(text)
    return found[0].value if found else None
