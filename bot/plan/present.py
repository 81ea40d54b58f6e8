"""A calculation as the user sees it: figures, two or three options, a recommendation, a script.

Statements of law or fact come from KB guides (data/kb/guides.yml) through `guide`, a function
guide(id, **values) → object with .lines and .facts (bot.kb.repository.KnowledgeBase.guide).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from wcwidth import wcswidth

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


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


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
        return [p for p in dict.fromkeys([full, recommended, shortest])]
    same_kind = sorted((p for p in plans if p.kind == recommended.kind and p.months > recommended.months),
                       key=lambda p: p.months)
    return [full, recommended, *same_kind[:1]]


def _rows(calc: Calculation, chosen: list[Plan]) -> tuple[Row, ...]:
    assessed = {id(a.plan): a for a in (calc.affordability.assessed if calc.affordability else ())}
    recommended = calc.affordability.recommended if calc.affordability else None
    return tuple(
        Row(p.label, p.months, p.highest_payment, p.total_interest, p.total_paid,
            assessed[id(p)].affordable if id(p) in assessed else None, p is recommended, p.note)
        for p in chosen
    )


def pad(text: str, width: int, right: bool = False) -> str:
    """Pads to a display width (a Chinese character takes two columns)."""
    gap = " " * max(0, width - wcswidth(text))
    return gap + text if right else text + gap


def table_text(rows: tuple[Row, ...]) -> str:
    """Columns line up in a monospaced font (widths from the content) and stay readable in a proportional one."""
    cells = [(r.label, yuan(r.payment) + ("" if r.months else "(一次)"), yuan(r.total_interest),
              ("" if r.affordable is None else ("✓" if r.affordable else "✗")) + (" 推荐" if r.recommended else ""))
             for r in rows]
    head = ("方案", "每期还款", "总利息", "能否负担")
    widths = [max(wcswidth(c[i]) for c in (head, *cells)) for i in range(3)]
    return "\n".join(
        pad(c[0], widths[0] + 2) + pad(c[1], widths[1], True) + pad(c[2], widths[2] + 2, True) + "  " + c[3]
        for c in (head, *cells)
    )


def render(calc: Calculation, guide: Guide, debt: Decimal, income: Decimal | None = None,
           expenses: Decimal | None = None) -> PlanView:
    """calc must carry an affordability (from income and expenses, or a monthly capacity)."""
    chosen = choose(calc)
    rows = _rows(calc, chosen)
    o = calc.overdue
    budget = calc.affordability
    limit = budget.limit.quantize(Decimal("0.01"))
    recommended = budget.recommended
    used = []

    def lines_of(guide_id: str, **values: Any) -> list[str]:
        resolved = guide(guide_id, **values)
        used.append(resolved)
        return list(resolved.lines)

    rate = f"日利率{o.daily_rate * 100:.4f}".rstrip("0").rstrip(".") + "%"
    platform = calc.platform or "该平台"
    parts = [f"按您说的情况算：{platform}，欠款{yuan(debt)}元，逾期{o.days}天。"]
    if o.days:
        parts.append(f"· 逾期利息约{yuan(o.penalty_interest)}元（{rate}），现在合计约{yuan(o.total_due)}元。")
    else:
        parts.append(f"· 还没逾期，合计{yuan(o.total_due)}元。")
    if budget.disposable is None:
        parts.append(f"· 您说每月最多能还{yuan(limit)}元，就按这个数看哪些方案负担得起。")
    elif budget.disposable > 0:
        parts.append(f"· 每月收入{yuan(income)} − 必要开支{yuan(expenses)} = 可支配{yuan(budget.disposable)}元；"
                     f"每月还款最好不超过它的一半，也就是{yuan(limit)}元。")
    else:
        parts.append(f"· 每月收入{yuan(income)}减去必要开支{yuan(expenses)}后没有结余，任何还款都会很吃力。")
    if calc.rate_source == RATE_ESTIMATED:
        parts += lines_of("plan_rate_estimate")
    elif calc.rate_source == RATE_FROM_KB:
        parts += lines_of("plan_rate_from_kb", platform=platform)
    if recommended is not None:
        how = "一次还清" if recommended.months == 0 else f"分{recommended.months}期，最高一期约{yuan(recommended.highest_payment)}元"
        parts.append(f"建议：{recommended.label}（{how}，总利息约{yuan(recommended.total_interest)}元）。"
                     "在您负担得起的方案里，它的总花费最少。")
    else:
        parts += lines_of("plan_no_affordable")
    if any(p.kind == "extension" for p in chosen):
        parts += lines_of("plan_extension")
    if any(p.kind == "card_long" for p in chosen):
        parts += lines_of("plan_card_long")

    target = recommended if recommended is not None and recommended.months else max(chosen, key=lambda p: p.months)
    script = guide("negotiation_script", platform=platform, amount=f"{yuan(o.total_due)}元",
                   monthly=f"{yuan(target.highest_payment)}元", months=str(target.months or 1), plan=target.label)
    used.append(script)
    script_lines = list(script.lines)
    if recommended is None:
        # Proposing a plan the budget cannot carry would set the user up to fail: ask for lower payments.
        lower = lines_of("negotiation_ask_lower")
        script_lines = [lower[0] if "{plan}" in raw else line for raw, line in zip(script.guide.lines, script_lines)]
    facts = tuple(dict.fromkeys(f for g in used for f in g.facts))
    script = "跟平台谈的时候可以这样说：\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(script_lines, 1))
    script += "\n\n" + sources_for(facts)
    table = table_text(rows)
    payload = {
        "kind": "repayment_plan",
        "limit": float(limit),
        "rows": [{
            "label": r.label, "months": r.months, "payment": float(r.payment), "total_interest": float(r.total_interest),
            "total_paid": float(r.total_paid), "affordable": r.affordable, "recommended": r.recommended,
        } for r in rows],
        "text": table,
    }
    return PlanView("\n".join(parts), rows, limit if limit > 0 else None, table, script, payload)
