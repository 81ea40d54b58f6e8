"""How figures look: yuan, rates, display-width tables, and a calculation as a table or as JSON.

The one place for number formatting, used by the chat presentation (bot/plan/) and by `zhaida calc`,
so that the figures an agent reads from the command line are spelled as the user reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from wcwidth import wcswidth

from bot import wording as w
from bot.calc.report import Calculation


def yuan(value: Decimal) -> str:
    """Always two decimals, thousands separated: 1,234.50 (tables, plans)."""
    return f"{value:,.2f}"


def money(value: object) -> str:
    """A sum as said in a sentence: 1,234元, or 1,234.50元 when there are fen."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{amount:,.0f}元" if amount == amount.to_integral_value() else f"{amount:,.2f}元"


def percent(rate: Decimal) -> str:
    """A daily rate as a percentage without trailing zeros: 0.0005 → 0.05%."""
    return f"{rate * 100:.4f}".rstrip("0").rstrip(".") + "%"


def pad(text: str, width: int, right: bool = False) -> str:
    """Pads to a display width (a Chinese character takes two columns)."""
    gap = " " * max(0, width - wcswidth(text))
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset(), gap: int = 2) -> str:
    """Rows of cells aligned in a monospaced font; the last column is not padded, `right` columns align right."""
    last = len(rows[0]) - 1
    widths = [max(wcswidth(row[i]) for row in rows) for i in range(last)]
    return "\n".join(
        (" " * gap).join([*(pad(row[i], widths[i], i in right) for i in range(last)), row[last]]) for row in rows
    )


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def calculation_json(calc: Calculation) -> dict[str, Any]:
    """Every figure of a calculation, as numbers (`zhaida calc --json`)."""
    num = _number
    budget = calc.affordability
    assessed = {id(a.plan): a for a in (budget.assessed if budget else ())}
    overdue = calc.overdue
    return {
        "platform": calc.platform,
        "daily_rate": num(calc.daily_rate),
        "rate_source": calc.rate_source,
        "annual_rate": num(calc.annual_rate),
        "overdue": None
        if overdue is None
        else {
            "principal": num(overdue.principal),
            "days": overdue.days,
            "penalty_interest": num(overdue.penalty_interest),
            "normal_interest": num(overdue.normal_interest),
            "total_due": num(overdue.total_due),
        },
        "disposable_income": num(budget.disposable) if budget else None,
        "affordable_limit": num(budget.limit) if budget else None,
        "plans": [
            {
                "kind": p.kind,
                "label": p.label,
                "months": p.months,
                "first_payment": num(p.first_payment),
                "highest_payment": num(p.highest_payment),
                "total_interest": num(p.total_interest),
                "total_paid": num(p.total_paid),
                "note": p.note,
                "share_of_disposable": num(assessed[id(p)].share) if id(p) in assessed else None,
                "affordable": assessed[id(p)].affordable if id(p) in assessed else None,
                "schedule": [
                    {
                        "period": x.number,
                        "payment": num(x.payment),
                        "principal": num(x.principal),
                        "interest": num(x.interest),
                        "balance": num(x.balance),
                    }
                    for x in p.schedule
                ],
            }
            for p in calc.plans
        ],
        "recommended": budget.recommended.label if budget and budget.recommended else None,
        "notes": list(calc.notes),
    }


def calculation_table(calc: Calculation) -> str:
    """A calculation as plain text (`zhaida calc`): the overdue cost, the budget, every plan in one table."""
    lines = []
    overdue, budget = calc.overdue, calc.affordability
    if overdue:
        lines.append(
            w.CALC_OVERDUE.format(
                days=overdue.days,
                principal=yuan(overdue.principal),
                interest=yuan(overdue.penalty_interest),
                rate=percent(overdue.daily_rate),
                source=calc.rate_source,
                total=yuan(overdue.total_due),
            )
        )
        if overdue.normal_interest is not None:
            lines.append(w.CALC_NORMAL_INTEREST.format(interest=yuan(overdue.normal_interest)))
    if budget and budget.disposable is not None:
        lines.append(w.CALC_DISPOSABLE.format(disposable=yuan(budget.disposable), limit=yuan(budget.limit)))
    elif budget:
        lines.append(w.CALC_CAPACITY.format(limit=yuan(budget.limit)))
    assessed = {id(a.plan): a for a in (budget.assessed if budget else ())}
    rows = [w.CALC_TABLE_HEAD]
    for p in calc.plans:
        a = assessed.get(id(p))
        fit = (
            ""
            if a is None
            else ("✓ " if a.affordable else "✗ ")
            + (w.CALC_SHARE.format(share=a.share) if a.share is not None else w.CALC_NO_DISPOSABLE)
        )
        rows.append((p.label, yuan(p.first_payment), yuan(p.total_interest), yuan(p.total_paid), fit))
    lines += ["", table(rows, right=frozenset({1, 2, 3}))]
    lines += [f"    {p.label}：{p.note}" for p in calc.plans if p.note]
    if budget and budget.recommended:
        lines += ["", w.CALC_RECOMMENDED.format(label=budget.recommended.label)]
    lines += ["", *calc.notes]
    return "\n".join(lines)
