"""A calculation as the user sees it: figures, two or three options, a recommendation, a script.

Statements of law or fact come from KB guides (data/kb/guides.yml) through `guide`, a function
guide(id, **values) → object with .lines and .facts (bot.kb.repository.KnowledgeBase.guide).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot import wording as w
from bot.calc.format import percent, table, yuan
from bot.calc.plans import Plan
from bot.calc.report import RATE_ESTIMATED, RATE_FROM_KB, Calculation
from bot.kb.compose import sources_for

Guide = Callable[..., Any]
ONE_OFF = ("full", "extension")


@dataclass(frozen=True)
class Row:
    label: str
    months: int  # 0 for a one-off payment
    payment: Decimal  # the highest payment: the one that has to fit the budget
    total_interest: Decimal
    total_paid: Decimal
    affordable: bool | None  # None when the budget is unknown
    recommended: bool
    note: str


@dataclass(frozen=True)
class PlanView:
    summary: str
    rows: tuple[Row, ...]
    limit: Decimal | None  # the most a month's payment should take
    table: str  # aligned text for plain channels
    script: str  # what to say to the lender, with sources
    payload: dict  # the same table and chart for the web page


def choose(calc: Calculation) -> list[Plan]:
    """Pay in full, the recommendation, and one plan with more room; or the gentlest plans when none fits."""
    plans = list(calc.plans)
    full = plans[0]
    recommended = calc.affordability.recommended if calc.affordability else None
    if recommended is None:
        instalments = [p for p in plans if p.kind not in ONE_OFF]
        gentlest = sorted(instalments, key=lambda p: (p.highest_payment, p.total_paid))[:2]
        return [full, *sorted(gentlest, key=lambda p: p.months)]
    if recommended.kind in ONE_OFF:
        shortest = min((p for p in plans if p.kind == "annuity"), key=lambda p: p.months)
        return list(dict.fromkeys([full, recommended, shortest]))
    same_kind = sorted(
        (p for p in plans if p.kind == recommended.kind and p.months > recommended.months), key=lambda p: p.months
    )
    return [full, recommended, *same_kind[:1]]


def _rows(calc: Calculation, chosen: list[Plan]) -> tuple[Row, ...]:
    assessed = {id(a.plan): a for a in (calc.affordability.assessed if calc.affordability else ())}
    recommended = calc.affordability.recommended if calc.affordability else None
    return tuple(
        Row(
            p.label,
            p.months,
            p.highest_payment,
            p.total_interest,
            p.total_paid,
            assessed[id(p)].affordable if id(p) in assessed else None,
            p is recommended,
            p.note,
        )
        for p in chosen
    )


def table_text(rows: tuple[Row, ...]) -> str:
    """Columns line up in a monospaced font (widths from the content) and stay readable in a proportional one."""
    cells = [
        (
            r.label,
            yuan(r.payment) + ("" if r.months else w.PLAN_ONE_OFF),
            yuan(r.total_interest),
            ("" if r.affordable is None else ("✓" if r.affordable else "✗"))
            + (w.PLAN_RECOMMENDED_MARK if r.recommended else ""),
        )
        for r in rows
    ]
    return table([w.PLAN_TABLE_HEAD, *cells], right=frozenset({1, 2}))


def render(
    calc: Calculation, guide: Guide, debt: Decimal, income: Decimal | None = None, expenses: Decimal | None = None
) -> PlanView:
    """calc must carry an affordability (from income and expenses, or a monthly capacity)."""
    chosen = choose(calc)
    rows = _rows(calc, chosen)
    o = calc.overdue
    budget = calc.affordability
    if budget is None:
        raise ValueError("render needs a calculation with an affordability (income and expenses, or a capacity)")
    limit = budget.limit.quantize(Decimal("0.01"))
    recommended = budget.recommended
    used = []

    def lines_of(guide_id: str, **values: Any) -> list[str]:
        resolved = guide(guide_id, **values)
        used.append(resolved)
        return list(resolved.lines)

    rate = w.PLAN_DAILY_RATE.format(rate=percent(o.daily_rate))
    platform = calc.platform or w.PLAN_SOME_PLATFORM
    parts = [w.PLAN_SITUATION.format(platform=platform, debt=yuan(debt), days=o.days)]
    if o.days:
        parts.append(w.PLAN_OVERDUE_COST.format(interest=yuan(o.penalty_interest), rate=rate, total=yuan(o.total_due)))
    else:
        parts.append(w.PLAN_NOT_OVERDUE.format(total=yuan(o.total_due)))
    if budget.disposable is None:
        parts.append(w.PLAN_CAPACITY.format(limit=yuan(limit)))
    elif budget.disposable > 0:
        assert income is not None and expenses is not None  # the disposable income is computed from them
        parts.append(
            w.PLAN_BUDGET.format(
                income=yuan(income), expenses=yuan(expenses), disposable=yuan(budget.disposable), limit=yuan(limit)
            )
        )
    else:
        assert income is not None and expenses is not None
        parts.append(w.PLAN_NO_BUDGET.format(income=yuan(income), expenses=yuan(expenses)))
    if calc.rate_source == RATE_ESTIMATED:
        parts += lines_of("plan_rate_estimate")
    elif calc.rate_source == RATE_FROM_KB:
        parts += lines_of("plan_rate_from_kb", platform=platform)
    if recommended is not None:
        how = (
            w.PLAN_PAY_ONCE
            if recommended.months == 0
            else w.PLAN_INSTALMENTS.format(months=recommended.months, payment=yuan(recommended.highest_payment))
        )
        parts.append(w.PLAN_ADVICE.format(label=recommended.label, how=how, interest=yuan(recommended.total_interest)))
    else:
        parts += lines_of("plan_no_affordable")
    if any(p.kind == "extension" for p in chosen):
        parts += lines_of("plan_extension")
    if any(p.kind == "card_long" for p in chosen):
        parts += lines_of("plan_card_long")

    target = recommended if recommended is not None and recommended.months else max(chosen, key=lambda p: p.months)
    script = guide(
        "negotiation_script",
        platform=platform,
        amount=f"{yuan(o.total_due)}元",
        monthly=f"{yuan(target.highest_payment)}元",
        months=str(target.months or 1),
        plan=target.label,
    )
    used.append(script)
    script_lines = list(script.lines)
    if recommended is None:
        # Proposing a plan the budget cannot carry would set the user up to fail: ask for lower payments.
        lower = lines_of("negotiation_ask_lower")
        script_lines = [
            lower[0] if "{plan}" in raw else line for raw, line in zip(script.guide.lines, script_lines, strict=False)
        ]
    facts = tuple(dict.fromkeys(f for g in used for f in g.facts))
    script = w.PLAN_SCRIPT_INTRO + "\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(script_lines, 1))
    script += "\n\n" + sources_for(facts)
    table = table_text(rows)
    payload = {
        "kind": "repayment_plan",
        "limit": float(limit),
        "rows": [
            {
                "label": r.label,
                "months": r.months,
                "payment": float(r.payment),
                "total_interest": float(r.total_interest),
                "total_paid": float(r.total_paid),
                "affordable": r.affordable,
                "recommended": r.recommended,
            }
            for r in rows
        ],
        "text": table,
    }
    return PlanView("\n".join(parts), rows, limit if limit > 0 else None, table, script, payload)
