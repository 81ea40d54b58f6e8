"""Reads several debts from free text, and keeps the list as the conversation edits it.

「信用卡欠了5万，花呗1万，还有两个网贷各三千」 → 信用卡 50000, 花呗 10000, 网贷 3000, 网贷 3000. The text is cut
at every lender it names (bot.text's platform spellings); each piece is read by bot.plan.read (amount, days
overdue, a stated rate), so numbers are read one way everywhere. 「两个网贷各三千」 is two debts; 「两个网贷一共
六千」 one entry for both. A lawsuit, judgment or enforcement named in a piece marks that debt.

Edits in later messages: 「网贷那笔已经还了」 removes one 网贷 (「网贷都还了」 all of them), 「花呗其实是一万二」 or
any new figure for a lender already listed updates it, 「还有一个网贷两千」 adds another. Plain Python, no Rasa.
Debts are kept as JSON-able dicts (a Rasa slot): name, platform, amount (yuan, text), days, rate (daily, text),
court.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.plan.read import LIMITS, prepare, read
from bot.text.numerals import parse_number
from bot.text.platforms import spelling_pattern

# Budget talk ends a debt's piece: 「花呗1万，每月工资六千」.
_BUDGET_RE = re.compile(
    r"工资|收入|月入|月薪|薪水|房租|租金|开销|开支|花销|生活费|支出|吃饭|伙食|每月能还|最多能还|能拿出"
)
_CLAUSE_RE = re.compile(r"[,，。；;!！?？\n]+|(?=还有|另外|以及)")
_COURT_RE = re.compile(r"起诉|被告|传票|判决|判了|开庭|立案|法院|强制执行|执行局|被执行|冻结|失信")
_COUNT = r"(?P<count>[两二三四五六七八九2-9几])\s*(?:个|笔|家)"
_COUNT_BEFORE_RE = re.compile(_COUNT + r"$")
_COUNT_AFTER_RE = re.compile(r"^\s*" + _COUNT)
_EACH_RE = re.compile(r"各|每个|每笔|每家|分别")
_ANOTHER_RE = re.compile(r"还有一个|另一个|另外一个|又一个|再一个|还有一笔|另一笔|又一笔|再一笔|另外一笔")
_PAID_RE = re.compile(
    r"(?<![没未不])(?:已经)?(?:还清|还完|结清|还上了|还掉了|已还|还了)(?!一部分|部分|一些|一半|点|一点|多少|利息|最低)"
    r"|不用算|不算了|不要算|去掉|删掉|删除|划掉|不算这|不是我的"
)
_RATE_CUE_RE = re.compile(r"日息|月息|年息|年化|日利率|月利率|年利率|利率是|罚息")
_ALL_RE = re.compile(r"都|全部|全都|两笔|几笔|所有")

MAX_DEBTS = 20


@dataclass
class Mention:
    """One debt as a message states it (fields None when not said)."""

    platform: str
    amount: Decimal | None = None
    days: int | None = None
    rate: Decimal | None = None  # daily
    court: bool = False
    count: int = 1  # 「两个网贷各三千」: 2
    another: bool = False  # 「还有一个网贷」: a new debt even if this lender is listed
    grouped: int = 0  # 「两个网贷一共六千」: one entry standing for this many debts


@dataclass
class Reading:
    mentions: list[Mention] = field(default_factory=list)
    removals: list[tuple[str, bool]] = field(default_factory=list)  # (platform, all of them)


def read_debts(text: str) -> Reading:
    """The debts one message names, and the ones it says are gone."""
    text = prepare(text if isinstance(text, str) else "")
    # 「网贷5000日息0.1%」: the rate is a clause of its own, or 5000 would be read as a count of days.
    text = _RATE_CUE_RE.sub(lambda m: "，" + m.group(0), text)
    pattern, spellings = spelling_pattern()
    reading = Reading()
    for clause in _CLAUSE_RE.split(text):
        if not clause or _BUDGET_RE.search(clause) and not pattern.search(clause):
            continue
        found = list(pattern.finditer(clause))
        if not found:
            _amend_last(reading, clause)
            continue
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(clause)
            piece = clause[m.start() : end]
            budget = _BUDGET_RE.search(piece)
            if budget:
                piece = piece[: budget.start()]
            platform = spellings[m.group(0).lower()]
            if _PAID_RE.search(piece):
                reading.removals.append((platform, bool(_ALL_RE.search(clause))))
                continue
            reading.mentions.append(_mention(platform, piece, clause[: m.start()], m.group(0)))
    return reading


def _mention(platform: str, piece: str, before: str, spelling: str) -> Mention:
    rest = piece[len(spelling) :]
    count_match = _COUNT_BEFORE_RE.search(before) or _COUNT_AFTER_RE.match(rest)
    count = 1
    if count_match:
        value = parse_number(count_match.group("count"))
        count = int(value) if value and value > 1 else 2  # 几个 counts as more than one
    if count_match and count_match.re is _COUNT_AFTER_RE:
        rest = rest[count_match.end() :]
    mention = Mention(platform, court=bool(_COURT_RE.search(piece)), count=min(count, MAX_DEBTS))
    mention.another = bool(_ANOTHER_RE.search(before[-6:] + piece))
    values = read(spelling + rest).values
    mention.amount = values.get("debt_amount")
    mention.days = values.get("overdue_days")
    mention.rate = values.get("overdue_rate")
    if count > 1 and mention.amount is not None and not _EACH_RE.search(piece + before[-3:]):
        mention.count, mention.grouped = 1, count  # 「两个网贷一共六千」: one entry for both
    return mention


def _amend_last(reading: Reading, clause: str) -> None:
    """A clause with no lender adds to the debt just named: 「信用卡，欠了5万，逾期三个月，已经被起诉了」."""
    if not reading.mentions:
        return
    last = reading.mentions[-1]
    values = read(clause).values
    if last.amount is None and values.get("debt_amount") is not None:
        last.amount = values["debt_amount"]
    if values.get("overdue_days") is not None:
        last.days = values["overdue_days"]
    if values.get("overdue_rate") is not None:
        last.rate = values["overdue_rate"]
    last.court = last.court or bool(_COURT_RE.search(clause))


@dataclass(frozen=True)
class Change:
    kind: str  # added / updated / removed / not_found
    name: str


def apply(debts: list[dict] | None, reading: Reading) -> tuple[list[dict], list[Change]]:
    """The list after this message's mentions and removals, and what changed (in order)."""
    current = [dict(d) for d in debts or ()]
    changes: list[Change] = []
    for platform, everything in reading.removals:
        mine = [d for d in current if d["platform"] == platform]
        if not mine:
            changes.append(Change("not_found", platform))
            continue
        for gone in mine if everything else mine[-1:]:
            current.remove(gone)
            changes.append(Change("removed", gone["name"]))
    for mention in reading.mentions:
        listed = [d for d in current if d["platform"] == mention.platform]
        if listed and not mention.another and mention.count == 1:
            target = listed[-1]
            before = dict(target)
            _update(target, mention)
            if target != before:
                changes.append(Change("updated", target["name"]))
            continue
        for _ in range(mention.count):
            if mention.amount is None and mention.count > 1:
                break
            if len(current) >= MAX_DEBTS:
                break
            entry: dict = {"platform": mention.platform, "name": mention.platform, "amount": None, "days": None}
            entry.update(rate=None, court=False)
            _update(entry, mention)
            current.append(entry)
            changes.append(Change("added", mention.platform))
    _name(current)
    return current, changes


def _update(entry: dict, mention: Mention) -> None:
    if mention.grouped:
        entry["count"] = mention.grouped
    if mention.amount is not None:
        entry["amount"] = str(mention.amount)
    if mention.days is not None:
        entry["days"] = int(mention.days)
    if mention.rate is not None:
        entry["rate"] = str(mention.rate)
    entry["court"] = bool(entry.get("court")) or mention.court


def _name(debts: list[dict]) -> None:
    """Unique names: a lender listed twice becomes 网贷（第1笔）, 网贷（第2笔）."""
    totals: dict[str, int] = {}
    for d in debts:
        totals[d["platform"]] = totals.get(d["platform"], 0) + 1
    seen: dict[str, int] = {}
    for d in debts:
        seen[d["platform"]] = seen.get(d["platform"], 0) + 1
        if d.get("count"):
            d["name"] = f"{d['platform']}（{d['count']}笔合计）"
        elif totals[d["platform"]] > 1:
            d["name"] = f"{d['platform']}（第{seen[d['platform']]}笔）"
        else:
            d["name"] = d["platform"]


def complete(debts: list[dict]) -> list[dict]:
    """The debts with an amount within the reader's limits (a debt without one cannot be planned)."""
    low, high = LIMITS["debt_amount"]
    return [d for d in debts if d.get("amount") is not None and low <= Decimal(d["amount"]) <= high]


def several(debts: list[dict] | None) -> bool:
    return len(complete(list(debts or ()))) >= 2
