"""「到手七千，一年还一万二，合法吗」: the cost a user states, as an annual rate against the legal lines.

Reads the numbers (plain Python over bot.text), computes with bot.calc.legality, and
explains with the KB facts that define the lines, quoted as they are stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot import wording as w
from bot.calc.format import money, percent
from bot.calc.legality import (
    LICENSED_CAP_FACT,
    LPR_FACT,
    PRIVATE_CAP_FACT,
    Verdict,
    daily_fee,
    instalments,
    single_repayment,
)
from bot.plan.read import read
from bot.text.normalize import normalize
from bot.text.numerals import CN_NONZERO, COUNT, NUMERAL, parse_number
from bot.text.quantities import find_durations

SKIMMED_FACT = "civil_code_670"  # 砍头息: interest counts on what was actually received

_RECEIVED = re.compile(r"(到手|到账|拿到|实际拿到|实到|放款|打款|实收|只给了?|只到了?)[了的约大概只有是]*$")
_BORROWED = re.compile(r"(借了?|借款|贷了?|合同写的?|本金)[了的约大概是]*$")
_PAYMENT = re.compile(r"(每期|每月|每个月|一个月|月供)[要得需]*还?[了的约大概是]*$")
_REPAID = re.compile(r"(还|要还|一共还|总共还|共还|还款总额|连本带息|本息|还了)[了的约大概是共]*$")
# Any numeral; whether it is money is decided by what stands before and after it.
_NUMBER = re.compile(NUMERAL)
_NOT_MONEY_AFTER = re.compile(r"[期天个月年号%次岁]|星期|小时")
_MONTHS = re.compile(rf"(?:分|共|一共)?({COUNT})期")
_READ = "\ue001"  # stands in for text already read, so offsets stay put
_STATES_A_RATE = re.compile(rf"利率|利息|日息|年化|费率|%|万分之|千分之|万[{CN_NONZERO}\d]")


@dataclass(frozen=True)
class Cost:
    received: Decimal | None = None
    borrowed: Decimal | None = None
    repaid: Decimal | None = None
    days: int | None = None
    payment: Decimal | None = None
    months: int | None = None
    daily_rate: Decimal | None = None


def read_cost(text: str) -> Cost | None:
    """The loan's cost in the user's words, or None when it is not stated well enough to compute."""
    text = normalize(text or "")
    values: dict = {}
    all_durations = find_durations(text)
    # Lengths of time are read first (as the planning form does), so 「借3000七天」 is 3000 and 七天.
    money_text = text
    for d in all_durations:
        money_text = money_text[: d.start] + _READ * (d.end - d.start) + money_text[d.end :]
    for m in _NUMBER.finditer(money_text):
        if _NOT_MONEY_AFTER.match(money_text, m.end()):
            continue
        amount = parse_number(m.group().rstrip("点"))  # 3点 is a time of day; 3 alone may be money
        if amount is None or amount <= 0:
            continue
        before = text[max(0, m.start() - 8) : m.start()]
        for key, cue in (("payment", _PAYMENT), ("received", _RECEIVED), ("repaid", _REPAID), ("borrowed", _BORROWED)):
            if cue.search(before):
                values.setdefault(key, amount)
                break
    months = _MONTHS.search(text)
    if months:
        number = parse_number(months.group(1))
        values["months"] = int(number) if number and number == number.to_integral_value() else None
    spans = [months.span()] if months else []
    durations = [d for d in all_durations if not any(s <= d.start < e for s, e in spans)]
    if durations:
        values["days"] = durations[0].value
    got = values.get("received") or values.get("borrowed")
    if got and values.get("payment") and values.get("months"):
        return Cost(got, values.get("borrowed"), payment=values["payment"], months=values["months"])
    if got and values.get("repaid") and values.get("days") and values["repaid"] > 0:
        return Cost(got, values.get("borrowed"), values["repaid"], values["days"])
    rate = read(text, requested="overdue_rate").values.get("overdue_rate")
    if isinstance(rate, Decimal) and _STATES_A_RATE.search(text):
        return Cost(daily_rate=rate)
    return None


def lacks_term(text: str) -> bool:
    """「到手七千要还一万」: a cost with no time to spread it over; the rate needs 借多久."""
    text = normalize(text or "")
    has_money = bool(re.search(r"到手|到账|借|贷", text)) and bool(re.search(r"还", text))
    return has_money and read_cost(text) is None and not find_durations(text) and not _MONTHS.search(text)


def verdict(cost: Cost) -> Verdict:
    if cost.daily_rate is not None:
        return daily_fee(cost.daily_rate)
    if cost.payment is not None:
        assert cost.months is not None  # read_cost gives a payment only with its number of months
        return instalments(cost.received, cost.payment, cost.months)
    assert cost.days is not None and cost.repaid is not None  # else read_cost found no cost
    return single_repayment(cost.received, cost.repaid, cost.days)


def explain(cost: Cost, v: Verdict, statements: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """The computed rate and what each line means; returns the text and the fact ids it quotes."""
    if cost.daily_rate is not None:
        said, how = w.COST_DAILY.format(rate=percent(cost.daily_rate)), w.COST_DAILY_HOW
    elif cost.payment is not None:
        said = w.COST_INSTALMENTS.format(received=money(cost.received), months=cost.months, payment=money(cost.payment))
        how = w.COST_INSTALMENTS_HOW
    else:
        said = w.COST_SINGLE.format(received=money(cost.received), days=cost.days, repaid=money(cost.repaid))
        how = w.COST_SINGLE_HOW
    facts = [LICENSED_CAP_FACT, PRIVATE_CAP_FACT, LPR_FACT]
    lines = [
        w.COST_RESULT.format(said=said, rate=f"{v.annual_rate * 100:.2f}", how=how),
        w.COST_LICENSED.format(
            compare=w.COST_ABOVE if v.above_licensed_cap else w.COST_NOT_ABOVE, statement=statements[LICENSED_CAP_FACT]
        ),
        w.COST_PRIVATE.format(
            compare=w.COST_ABOVE if v.above_private_cap else w.COST_NOT_ABOVE,
            cap=f"{v.private_cap * 100:.0f}",
            statement=statements[PRIVATE_CAP_FACT],
            lpr=statements[LPR_FACT],
        ),
    ]
    if cost.borrowed and cost.received and cost.received < cost.borrowed:
        skimmed = statements[SKIMMED_FACT]
        lines.append(
            w.COST_SKIMMED.format(borrowed=money(cost.borrowed), received=money(cost.received), statement=skimmed)
        )
        facts.append(SKIMMED_FACT)
    lines.append(w.COST_CAVEAT)
    return "\n".join(lines), tuple(facts)
