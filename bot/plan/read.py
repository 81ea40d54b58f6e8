"""Reads the planning form's facts from one Chinese message.

「借呗欠了两万三，逾期45天，每月工资六千，房租两千」 → platform 借呗, debt 23000,
45 days overdue, income 6000, expenses 2000. A number belongs to the slot named
by the nearest cue word before it in its clause; a number without a cue answers
the question just asked. Numbers, amounts, durations, rates and platform names are
read by bot.text; this module decides which slot each belongs to. Pure function of
the text: no Rasa, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot.plan.slots import AMOUNT_SLOTS, PLAN_SLOTS
from bot.text.normalize import normalize
from bot.text.numerals import DIGITS_ONLY, HAS_DIGIT, SCALED, parse_number, sign_before
from bot.text.platforms import spelling_pattern
from bot.text.quantities import AMOUNT_RE, APPROX_BEFORE, VAGUE_AMOUNT_RE, VAGUE_DURATION_RE, find_durations
from bot.text.rates import RATE_RE, per_day, period_of, rate_value

OTHER_PLATFORM = "其他平台"
UNKNOWN_RATE = "unknown"

# Inclusive bounds; outside them the user most likely typed an extra zero.
LIMITS: dict[str, tuple[Decimal | int, Decimal | int]] = {
    "debt_amount": (Decimal(1), Decimal(10_000_000)),
    "monthly_income": (Decimal(0), Decimal(1_000_000)),
    "monthly_expenses": (Decimal(0), Decimal(1_000_000)),
    "monthly_capacity": (Decimal(0), Decimal(1_000_000)),
    "overdue_days": (0, 3650),
    "overdue_rate": (Decimal(0), Decimal("0.01")),
}
FEN = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    slot: str  # one of PLAN_SLOTS
    kind: str  # vague / negative / too_large / zero / unreadable
    words: str  # the user's words concerned, "" if none


@dataclass(frozen=True)
class Reading:
    values: dict = field(default_factory=dict)
    approximate: dict = field(default_factory=dict)
    problems: tuple = ()
    stop: bool = False
    correction: bool = False


# Private-use characters stand in for text already read, so offsets stay put and nothing is read twice.
_PLATFORM_MARK = "\ue000"
_USED = "\ue001"

_CUES = {
    "monthly_income": "月入 收入 工资 月薪 薪水 挣 赚 底薪 进账",
    "monthly_expenses": "房租 租金 开支 开销 花销 花费 生活费 支出 吃饭 伙食 水电 房贷 车贷 养孩子 必要开销",
    "debt_amount": f"欠 借了 借款 本金 欠款 待还 未还 还剩 剩 一共 总共 贷了 额度用了 {_PLATFORM_MARK}",
    "overdue_days": "逾期 超期 拖了 晚了 过了 没还",
    # 「每月最多能还两千」: the user's own ceiling, an alternative to income and expenses.
    "monthly_capacity": "能还 只能还 最多还 还得起 还得了 能拿出 拿得出 能承受 最多能还 每月能还 每个月能还",
    "overdue_rate": "利率 日息 日利率 罚息 费率 年化 利息是 年息 月息",
    # Money that is none of the form's business: 「利息两千」 is not the debt.
    "other": "利息 手续费 违约金 滞纳金 服务费",
}
_CUE_SLOT = {word: slot for slot, words in _CUES.items() for word in words.split()}
_CUE_RE = re.compile("|".join(sorted(map(re.escape, _CUE_SLOT), key=len, reverse=True)))
# 欠了 names the debt for money but the overdue time for durations (「欠了三个月」).
_OVERDUE_CLAUSE_RE = re.compile("|".join(_CUES["overdue_days"].split() + ["欠了"]))
_RATE_CUE_RE = re.compile("|".join(_CUES["overdue_rate"].split()))
# Rent and food add up, as do a salary and a side job; two debts or two durations are one stated twice.
_SUMMED = ("monthly_income", "monthly_expenses")

_CLAUSE_SPLIT_RE = re.compile(r"[,，。；;、!！?？\s]+|和|及")
# 45天, 10号, 3期, 2个孩子: a number followed by these counts something other than money.
_NOT_MONEY_AFTER = re.compile(r"[个天日周月年号点%次期岁分秒位倍条家张人口笔层楼级度A-Za-z]|星期|礼拜|小时")
_NOT_MONEY_BEFORE = re.compile(r"(?:第|尾号|编号|号码|卡号|[A-Za-z])$")

_CORRECTION_RE = re.compile(r"(?<!对)不对|错了|说错|写错|打错|搞错|改成|改为|改一下|应该是|其实是|更正|纠正")
# Stopping is judged on whole clauses, so 「算了一下」「这样算了多少」「停息挂账」 never stop the form.
_STOP_PHRASE_RE = re.compile(r"不用?再?算了|不要再?算了|别再?算了|先不算|不想算了|不用计算了|不算啦|算了吧")
_STOP_CLAUSE_RE = re.compile(
    r"(?:我要|我想|请|那就|那|还是|唉|哎)?"
    r"(?:算了(?:吧|啦)?|(?:停|停止|停下|暂停|退出|取消|结束|终止)(?:计算|算)?(?:吧|了|啦|一下)?|不用了|不需要了)"
)

_NO_INCOME_RE = re.compile(r"没有?(?:任何)?(?:收入|工作|上班)|无收入|零收入|收入(?:为|是)?(?:零|0)|失业")
_NO_EXPENSES_RE = re.compile(r"没有?(?:什么|啥)?(?:必要)?(?:开销|开支|支出|花销)")
_NOT_OVERDUE_RE = re.compile(r"(?<!有)(?:没有?|未|尚未|不曾)(?:逾期|超期)")
_NOTHING_RE = re.compile(r"(?:没有|没|无|木有|都没有|没有的|0|零)(?:啊|呀|的|吧)?")
_DONT_KNOW_RE = re.compile(r"不知道|不清楚|不记得|忘了|没看|不确定|没注意|不晓得")
_OTHER_PLATFORM_RE = re.compile(r"不知道|不清楚|不记得|忘了|其他|其它|别的|别家")
_NOT_A_NAME_RE = re.compile(
    r"你好|您好|谢谢|好的|嗯|哦|啊|吗|呢|什么|怎么|为什么|多少|哪|^是的?$|^对$|^不$|^没有?$|^行$|^可以$|MASK|\?|？"
)
_PUNCT_RE = re.compile(r"[\s,，。.;；:：!！?？、~～…\"'“”‘’()（）【】\[\]<>《》\-_/\\|]+")


@dataclass
class _Item:
    """One thing read: a value or a problem, for a slot or (not yet) for none."""

    kind: str  # amount (money for sure) / bare (a plain number) / days / rate / vague_amount / vague_days
    slot: str | None
    value: Any  # Decimal for money and rates, int or Decimal for days, None for a problem
    words: str
    approx: bool = False
    sign: str = ""  # "-" or 负 when the user wrote a negative number


def read(text: str, requested: str | None = None, last_filled: str | None = None) -> Reading:
    """Everything one message says about the planning slots; see the module docstring."""
    text = prepare(text if isinstance(text, str) else "")
    platform, text = _mark_platforms(text)
    correction = bool(_CORRECTION_RE.search(text))
    stop = _is_stop(text)
    rate_context = (
        requested == "overdue_rate" or bool(_RATE_CUE_RE.search(text)) or (correction and last_filled == "overdue_rate")
    )

    items: list[_Item] = []
    for clause in _CLAUSE_SPLIT_RE.split(text):
        if clause:
            items.extend(_read_clause(clause, rate_context))
    _assign(items, requested, last_filled if correction else None)

    values: dict = {"platform": platform} if platform else {}
    approximate: dict = {}
    problems: list[Problem] = []
    for slot in PLAN_SLOTS[1:]:
        mine = [item for item in items if item.slot == slot]
        if mine:
            _settle(slot, mine if slot in _SUMMED and not correction else mine[-1:], values, approximate, problems)
    _add_nothing_answers(text, requested, values, problems)
    if "platform" not in values and (requested == "platform" or (correction and last_filled == "platform")):
        name = _platform_answer(text, items)
        if name:
            values["platform"] = name
    if requested in PLAN_SLOTS and not values and not problems and not stop:
        problems.append(Problem(requested, "unreadable", ""))
    return Reading(values, approximate, tuple(problems), stop, correction)


def prepare(text: str) -> str:
    """The text as the reader sees it: normalised, minus signs unified, 1,500 as one number."""
    text = normalize(text)
    text = re.sub(r"[−–—]", "-", text)  # minus signs NFKC leaves alone
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,500 is one number


def _mark_platforms(text: str) -> tuple[str | None, str]:
    """The canonical name of the longest spelling, and the text with every spelling masked (360借条 is not ¥360)."""
    pattern, spellings = spelling_pattern()
    found = list(pattern.finditer(text))
    if not found:
        return None, text
    longest = max(found, key=lambda m: len(m.group(0)))  # max keeps the first of equal lengths
    masked = pattern.sub(lambda m: _PLATFORM_MARK * len(m.group(0)), text)
    return spellings[longest.group(0).lower()], masked


def _is_stop(text: str) -> bool:
    if _STOP_PHRASE_RE.search(text):
        return True
    return any(_STOP_CLAUSE_RE.fullmatch(c) for c in _CLAUSE_SPLIT_RE.split(text) if c)


def _used(clause: str, start: int, end: int) -> str:
    return clause[:start] + _USED * (end - start) + clause[end:]


def _cue_before(clause: str, pos: int) -> str | None:
    """The slot of the nearest cue word ending at or before pos."""
    last = None
    for m in _CUE_RE.finditer(clause, 0, pos):
        last = _CUE_SLOT[m.group(0)]
    return last


def _read_clause(clause: str, rate_context: bool) -> list[_Item]:
    """Items in the order the user wrote them; cue slots decided here, the rest in _assign."""
    found: list[tuple[int, _Item]] = []
    overdue = bool(_OVERDUE_CLAUSE_RE.search(clause))
    period = period_of(clause)

    # Rates are read before money so 百分之十八 is never 18 yuan.
    for m in RATE_RE.finditer(clause):
        value = rate_value(m, period)
        if value is not None and rate_context:
            item = _Item("rate", "overdue_rate", value, m.group(0), sign=sign_before(clause, m.start()))
            found.append((m.start(), item))
        clause = _used(clause, m.start(), m.end())

    for m in VAGUE_DURATION_RE.finditer(clause):
        found.append((m.start(), _Item("vague_days", "overdue_days" if overdue else None, None, m.group(0))))
        clause = _used(clause, m.start(), m.end())
    for d in find_durations(clause):
        # 大半年 is more than half a year, 两个多月 more than two months.
        before = APPROX_BEFORE.search(clause[: d.start])
        before = before or re.search("大(?=半)", clause[max(0, d.start - 1) : d.start + 1])
        words = (before.group(0) if before else "") + d.text
        item = _Item(
            "days",
            "overdue_days" if overdue else None,
            d.value,
            words,
            approx=bool(before) or "多" in d.text,
            sign=sign_before(clause, d.start),
        )
        found.append((d.start, item))
        clause = _used(clause, d.start, d.end)
    if _NOT_OVERDUE_RE.search(clause):
        found.append((0, _Item("days", "overdue_days", 0, "")))

    for m in VAGUE_AMOUNT_RE.finditer(clause):
        slot = _cue_before(clause, m.start())
        if slot not in ("overdue_rate", "other"):
            found.append((m.start(), _Item("vague_amount", slot if slot in AMOUNT_SLOTS else None, None, m.group(0))))
        clause = _used(clause, m.start(), m.end())

    for m in AMOUNT_RE.finditer(clause):
        amount = _amount_item(clause, m)
        if amount is None:
            continue
        item = amount
        cue = _cue_before(clause, m.start())
        if cue in AMOUNT_SLOTS:
            item.slot = cue
        elif item.kind == "bare" and cue == "overdue_days":
            item.kind, item.slot = "days", "overdue_days"
        elif item.kind == "bare" and cue == "overdue_rate" and rate_context and _fits(item, "overdue_rate"):
            item.slot = "overdue_rate"
            item.kind, item.value = "rate", per_day(item.value / 100, period, percent=True)
        elif cue in ("overdue_rate", "other"):
            continue
        found.append((m.start(), item))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def _amount_item(clause: str, m: re.Match) -> _Item | None:
    num = m.group("num").rstrip("点")
    unit = m.group("unit")
    if not num or num[0] in "百千万亿点" or not HAS_DIGIT.search(num):
        return None  # 千万别, 万一, 一点
    if _NOT_MONEY_BEFORE.search(clause[: m.start()]):
        return None
    if not unit and _NOT_MONEY_AFTER.match(clause, m.start() + len(num) + len(m.group("more") or "")):
        return None
    scaled = bool(SCALED.search(num))
    digits = DIGITS_ONLY.fullmatch(num)
    # A lone Chinese digit is part of a word (一共, 两个) unless it is the whole answer.
    if not digits and not scaled and not unit and not re.search("[十百]", num) and clause.strip(_USED) != m.group(0):
        return None
    value = parse_number(num)
    if value is None:
        return None
    before = APPROX_BEFORE.search(clause[: m.start()])
    more = m.group("more") or m.group("more2")
    words = (before.group(0) if before else "") + m.group(0)
    kind = "amount" if scaled or unit else "bare"
    # Long digit runs with nothing around them are phone, card or ID numbers.
    if kind == "bare" and digits and len(num.split(".")[0]) > 10:
        return None
    return _Item(kind, None, value, words, approx=bool(before or more), sign=sign_before(clause, m.start()))


def _fits(item: _Item, slot: str | None) -> bool:
    if item.kind in ("amount", "vague_amount"):
        return slot in AMOUNT_SLOTS
    if item.kind in ("days", "vague_days"):
        return slot == "overdue_days"
    if item.kind == "rate":
        return slot == "overdue_rate"
    # A plain number for the rate is a percent; above 100 it is money (「罚息两百」), not a rate.
    return slot in AMOUNT_SLOTS or slot == "overdue_days" or (slot == "overdue_rate" and item.value <= 100)


def _assign(items: list[_Item], requested: str | None, corrected: str | None) -> None:
    """Slots for items without a cue: the corrected slot, else the one asked for, else a lone amount is the debt."""
    for item in items:
        if item.slot is None:
            target = next((s for s in (corrected, requested) if s and _fits(item, s)), None)
            if target:
                _retarget(item, target)
    loose = [i for i in items if i.slot is None and (i.kind == "amount" or (i.kind == "bare" and i.value >= 100))]
    if len(loose) == 1 and not any(i.slot == "debt_amount" for i in items):
        _retarget(loose[0], "debt_amount")


def _retarget(item: _Item, slot: str) -> None:
    item.slot = slot
    if item.kind != "bare":
        return
    if slot == "overdue_days":
        item.kind = "days"
    elif slot == "overdue_rate":
        item.kind, item.value = "rate", per_day(item.value / 100, "", percent=True)
    else:
        item.kind = "amount"


def _settle(slot: str, items: list[_Item], values: dict, approximate: dict, problems: list[Problem]) -> None:
    """One slot's value from the items that count for it (several add up)."""
    found = [p for p in map(_problem, items) if p]
    if found:
        problems.extend(Problem(slot, kind, words) for kind, words in dict.fromkeys(found))
        return
    value = sum((item.value for item in items), Decimal(0))
    low, high = LIMITS[slot]
    words = "、".join(item.words for item in items)
    if slot == "debt_amount" and value < low:
        problems.append(Problem(slot, "zero", words))
    elif value > high:
        problems.append(Problem(slot, "too_large", words))
    else:
        if slot == "overdue_days":
            value = int(value.to_integral_value()) if isinstance(value, Decimal) else int(value)
        elif slot != "overdue_rate":
            value = value.quantize(FEN)
        values[slot] = value
        approx = [item.words for item in items if item.approx]
        if approx:
            approximate[slot] = "、".join(approx)


def _problem(item: _Item) -> tuple[str, str] | None:
    if item.kind.startswith("vague") or item.value is None:
        return "vague", item.words
    if item.sign:
        return "negative", item.sign + item.words
    return None


def _add_nothing_answers(text: str, requested: str | None, values: dict, problems: list[Problem]) -> None:
    """「没有收入」「没有」「不知道」: answers that are a value without a number."""
    said = {p.slot for p in problems}
    bare = _PUNCT_RE.sub("", text)
    nothing = bool(_NOTHING_RE.fullmatch(bare))
    if (
        "monthly_income" not in values
        and "monthly_income" not in said
        and (_NO_INCOME_RE.search(text) or (nothing and requested == "monthly_income"))
    ):
        values["monthly_income"] = Decimal("0.00")
    if (
        "monthly_expenses" not in values
        and "monthly_expenses" not in said
        and (_NO_EXPENSES_RE.search(text) or (nothing and requested == "monthly_expenses"))
    ):
        values["monthly_expenses"] = Decimal("0.00")
    if nothing and requested == "overdue_days" and "overdue_days" not in values:
        values["overdue_days"] = 0
    if nothing and requested == "debt_amount" and "debt_amount" not in said:
        problems.append(Problem("debt_amount", "zero", bare))
    if requested == "overdue_rate" and "overdue_rate" not in values and "overdue_rate" not in said:
        if _DONT_KNOW_RE.search(text):
            values["overdue_rate"] = UNKNOWN_RATE
    if requested == "platform" and "platform" not in values and _OTHER_PLATFORM_RE.search(text):
        values["platform"] = OTHER_PLATFORM


def _platform_answer(text: str, items: list[_Item]) -> str | None:
    """A short answer to 「哪个平台」 that names no known platform is the platform's name as written (某某贷)."""
    if items or re.search(r"\d", text) or _is_stop(text):
        return None
    name = _PUNCT_RE.sub("", _CORRECTION_RE.sub("", text))
    name = re.sub(r"^(?:是|在|就是|用的是?)|(?:上借的|借的|吧|啊|呀|的)$", "", name)
    if not name or len(name) > 12 or _NOT_A_NAME_RE.search(name):
        return None
    if not re.search(r"[\u3400-\u9fffA-Za-z]", name) or _PLATFORM_MARK in name:
        return None
    return name
