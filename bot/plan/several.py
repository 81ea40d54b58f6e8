"""Several debts as the user sees them: a table, the order with its reasons, a balance chart and one
negotiation script per lender, each with its own figures and official channel.

Legal statements come from KB guides (data/kb/guides.yml, several_debts_*) and each lender's channel from its
KB platform record; the figures from bot.calc.debts. Plain Python: actions/plan.py and `zhaida calc` call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot import wording as w
from bot.calc.debts import (
    HIGHEST_RATE_FIRST,
    MIN_TERM_MONTHS,
    REASON_COURT,
    SMALLEST_FIRST,
    Debt,
    SeveralPlan,
    capacity_from_budget,
    minimum_payment,
    plan,
)
from bot.calc.format import percent, table, yuan
from bot.calc.money import DAYS_PER_YEAR
from bot.calc.report import ESTIMATE_ANNUAL_RATE
from bot.kb.compose import sources_for
from bot.plan.debts import complete

Guide = Callable[..., Any]
Platform = Callable[[str], Any]  # the KB's platform record for a name, or None

STATED, PLATFORM, ESTIMATE = "stated", "platform", "estimate"


@dataclass(frozen=True)
class SeveralView:
    summary: str
    table: str  # aligned text for plain channels
    order: str  # the order and its reasons, the alternative side by side
    scripts: str  # one script per lender, then the sources
    payload: dict  # the same table and the balance chart for the web page
    plan: SeveralPlan
    alternative: SeveralPlan


def to_debts(entries: list[dict], platform_of: Platform) -> list[Debt]:
    """The listed debts as the calculator's, each rate from the user, else the KB's figure, else the estimate."""
    debts = []
    for entry in complete(entries):
        known = platform_of(entry["platform"])
        if entry.get("rate") is not None:
            rate, source = Decimal(entry["rate"]) * DAYS_PER_YEAR, STATED
        elif known is not None and known.overdue_daily_rate:
            rate, source = Decimal(known.overdue_daily_rate) * DAYS_PER_YEAR, PLATFORM
        else:
            rate, source = ESTIMATE_ANNUAL_RATE, ESTIMATE
        debts.append(
            Debt(
                name=entry["name"],
                principal=Decimal(entry["amount"]),
                annual_rate=rate,
                rate_source=source,
                days_overdue=int(entry.get("days") or 0),
                court=bool(entry.get("court")),
            )
        )
    return debts


def budget(income: Decimal | None, expenses: Decimal | None, capacity: Decimal | None) -> Decimal:
    """The monthly capacity: the user's own ceiling, else half of income minus essential expenses."""
    if capacity is not None:
        return capacity
    if income is None or expenses is None:
        raise ValueError("a budget needs income and expenses, or a capacity")
    return capacity_from_budget(income, expenses)


def render(
    entries: list[dict],
    guide: Guide,
    platform_of: Platform,
    income: Decimal | None = None,
    expenses: Decimal | None = None,
    capacity: Decimal | None = None,
) -> SeveralView:
    debts = to_debts(entries, platform_of)
    monthly = budget(income, expenses, capacity)
    main = plan(debts, monthly, HIGHEST_RATE_FIRST)
    other = plan(debts, monthly, SMALLEST_FIRST)
    used: list[Any] = []

    def lines_of(guide_id: str, **values: Any) -> list[str]:
        resolved = guide(guide_id, **values)
        used.append(resolved)
        return list(resolved.lines)

    total = sum((d.principal for d in debts), Decimal(0))
    parts = [w.SEVERAL_SITUATION.format(count=len(debts), total=yuan(total))]
    if capacity is not None:
        parts.append(w.SEVERAL_CAPACITY.format(limit=yuan(monthly)))
    else:
        assert income is not None and expenses is not None  # budget() needs them when there is no capacity
        parts.append(w.SEVERAL_BUDGET.format(income=yuan(income), expenses=yuan(expenses), limit=yuan(monthly)))
    for source, line in ((ESTIMATE, w.SEVERAL_RATE_ESTIMATE), (PLATFORM, w.SEVERAL_RATE_FROM_KB)):
        names = [d.name for d in debts if d.rate_source == source]
        if names:
            parts.append(line.format(names="、".join(names)))
    if main.feasible:
        parts.append(
            w.SEVERAL_RESULT.format(
                minimums=yuan(main.minimums),
                extra=yuan(main.capacity - main.minimums),
                months=main.months,
                interest=yuan(main.total_interest),
            )
        )
        parts += lines_of("several_debts_minimums")
    else:
        parts += lines_of("several_debts_shortfall", amount=f"{yuan(main.shortfall)}元")
    if any(d.court for d in debts):
        parts += lines_of("several_debts_court")
    above = [d for d in debts if d.above_supported]
    if above:
        parts += lines_of("several_debts_above_cap")
    rows = _rows(main, debts)
    text_table = table([w.SEVERAL_TABLE_HEAD, *rows], right=frozenset({1, 2, 3, 4}))
    order_text = _order_text(main, other) if main.feasible else ""
    lenders = {e["name"]: platform_of(e["platform"]) for e in complete(entries)}
    scripts = _scripts(main, debts, guide, lenders, used)
    facts = tuple(dict.fromkeys(f for g in used for f in g.facts))
    scripts += "\n\n" + sources_for(facts)
    payload = _payload(main, other, debts, rows, text_table)
    return SeveralView("\n".join(parts), text_table, order_text, scripts, payload, main, other)


def _rows(main: SeveralPlan, debts: list[Debt]) -> list[tuple[str, ...]]:
    outcomes = {o.debt.name: o for o in main.outcomes}
    rows: list[tuple[str, ...]] = []
    for d in sorted(debts, key=lambda d: outcomes[d.name].rank if d.name in outcomes else 0):
        o = outcomes.get(d.name)
        rate = percent(d.annual_rate) + (w.SEVERAL_ABOVE_CAP_MARK if d.above_supported else "")
        rows.append(
            (
                d.name + (w.SEVERAL_COURT_MARK if d.court else ""),
                yuan(d.principal),
                rate,
                yuan(o.minimum if o else minimum_payment(d.principal, d.annual_rate)),
                w.SEVERAL_MONTHS.format(months=o.months) if o else "-",
                yuan(o.interest) if o else "-",
            )
        )
    return rows


def _order_text(main: SeveralPlan, other: SeveralPlan) -> str:
    lines = [w.SEVERAL_ORDER_INTRO]
    for o in main.outcomes:
        reason = w.SEVERAL_REASON_COURT if o.reason == REASON_COURT else w.SEVERAL_REASON_RATE
        lines.append(
            w.SEVERAL_ORDER_LINE.format(rank=o.rank, name=o.debt.name, rate=percent(o.debt.annual_rate), reason=reason)
        )
        if o.supported_interest is not None:
            lines.append(
                w.SEVERAL_ABOVE_CAP_LINE.format(
                    name=o.debt.name,
                    rate=percent(o.debt.annual_rate),
                    interest=yuan(o.interest),
                    supported=yuan(o.supported_interest),
                )
            )
    lines.append(
        w.SEVERAL_ALTERNATIVE.format(
            order="、".join(o.debt.name for o in other.outcomes),
            months=other.months,
            interest=yuan(other.total_interest),
            main_months=main.months,
            main_interest=yuan(main.total_interest),
        )
    )
    return "\n".join(lines)


def _scripts(main: SeveralPlan, debts: list[Debt], guide: Guide, lenders: dict[str, Any], used: list) -> str:
    """How to open (once), then for each lender its own figures and official channel."""
    outcomes = {o.debt.name: o for o in main.outcomes}
    blocks = [w.SEVERAL_SCRIPTS_INTRO]
    opening = None
    for d in debts:
        o = outcomes.get(d.name)
        known = lenders.get(d.name)  # the KB's record of this debt's platform
        channel = (known.official_channels.get("negotiate") if known else None) or w.SEVERAL_CHANNEL_UNKNOWN
        if o is not None:
            script = guide(
                "negotiation_script",
                platform=d.name,
                amount=f"{yuan(d.principal)}元",
                monthly=f"{yuan(o.minimum)}元",
                months=str(MIN_TERM_MONTHS),
                plan=w.SEVERAL_PLAN_LABEL.format(months=MIN_TERM_MONTHS),
            )
            used.append(script)
            said = [*script.lines[1:3], w.SEVERAL_SCRIPT_EARLIER.format(months=o.months)]
        else:
            values = {"monthly": "", "months": "", "plan": ""}  # only the opening and the amount are used
            script = guide("negotiation_script", platform=d.name, amount=f"{yuan(d.principal)}元", **values)
            lower = guide("negotiation_ask_lower")
            used += [script, lower]
            said = [script.lines[1], lower.lines[0]]
        opening = opening or script.lines[0]
        blocks.append(w.SEVERAL_SCRIPT_HEAD.format(name=d.name, channel=channel))
        blocks += [f"  {i}. {line}" for i, line in enumerate(said, 1)]
    blocks.insert(1, opening or "")
    blocks.append(w.SEVERAL_SCRIPTS_AFTER.format(rest="".join(script.lines[3:5])))
    return "\n".join(blocks)


def _payload(
    main: SeveralPlan, other: SeveralPlan, debts: list[Debt], rows: list[tuple[str, ...]], text_table: str
) -> dict:
    """The web page's table and chart: each lender's balance after each month (month 0: today)."""
    names = [o.debt.name for o in main.outcomes] or [d.name for d in debts]
    series = []
    if main.feasible:
        for i, o in enumerate(main.outcomes):
            series.append(
                {
                    "name": o.debt.name,
                    # Until the month it is cleared: a line that stops where the lender is paid off.
                    "balances": [float(o.debt.principal)] + [float(m[i]) for m in main.balances[: o.months]],
                }
            )
    return {
        "kind": "several_debts_plan",
        "capacity": float(main.capacity),
        "feasible": main.feasible,
        "shortfall": float(main.shortfall),
        "months": main.months,
        "total_interest": float(main.total_interest),
        "alternative": {"months": other.months, "total_interest": float(other.total_interest)},
        "head": list(w.SEVERAL_TABLE_HEAD),
        "rows": [list(r) for r in rows],
        "order": names,
        "series": series,
        "text": text_table,
    }


def as_json(view: SeveralView) -> dict:
    """Every figure of the plan as numbers (`zhaida calc --debt … --json`), the same the conversation shows."""

    def outcome(o) -> dict:
        return {
            "name": o.debt.name,
            "amount": float(o.debt.principal),
            "annual_rate": float(o.debt.annual_rate),
            "rate_source": o.debt.rate_source,
            "court": o.debt.court,
            "rank": o.rank,
            "reason": o.reason,
            "minimum": float(o.minimum),
            "months": o.months,
            "interest": float(o.interest),
            "supported_interest": None if o.supported_interest is None else float(o.supported_interest),
            "payments": [float(p) for p in o.payments],
        }

    main, other = view.plan, view.alternative
    return {
        "capacity": float(main.capacity),
        "minimums": float(main.minimums),
        "feasible": main.feasible,
        "shortfall": float(main.shortfall),
        "months": main.months,
        "total_interest": float(main.total_interest),
        "debts": [outcome(o) for o in main.outcomes],
        "alternative": {
            "strategy": other.strategy,
            "order": [o.debt.name for o in other.outcomes],
            "months": other.months,
            "total_interest": float(other.total_interest),
        },
        "balances": view.payload["series"],
    }
