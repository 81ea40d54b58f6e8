"""「3000块逾期五天要多少钱」: the overdue cost from the calculator, in a sentence, with its sources.

A quantity question is a question: it gets the figure at once. The rate depends on the platform, so
the platform is asked for only when the user has not named one; a platform the KB has no rate for
gets the labelled 24% estimate, as in the planner (bot/calc/report.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot import wording as w
from bot.calc.format import percent, yuan
from bot.calc.report import RATE_ESTIMATED, calculate
from bot.kb.compose import sources_for
from bot.kb.repository import KBUnavailable, ResolvedGuide, Snapshot
from bot.plan.read import read


@dataclass(frozen=True)
class Quantities:
    amount: Decimal
    days: int
    platform: str | None


def quantities(text: str, platform: str | None = None, amount: object = None, days: object = None) -> Quantities | None:
    """The amount and days a message (or the slots kept from earlier) gives, when both are there."""
    values = read(text).values
    found_amount = values.get("debt_amount") or (Decimal(str(amount)) if amount else None)
    found_days = values.get("overdue_days") or (int(float(str(days))) if days else None)
    if not found_amount or not found_days or found_amount <= 0:
        return None
    return Quantities(Decimal(found_amount), int(found_days), values.get("platform") or platform)


def overdue_cost_text(snapshot: Snapshot, q: Quantities) -> str:
    """The estimate, how the rate was chosen (KB guides), and the sources: what the user reads."""
    known = snapshot.platform(q.platform)
    rate = Decimal(known.overdue_daily_rate) if known and known.overdue_daily_rate else None
    calc = calculate(q.amount, q.days, platform=known.name if known else q.platform, platform_rate=rate)
    daily = w.PLAN_DAILY_RATE.format(rate=percent(calc.overdue.daily_rate))
    # Without a KB rate for the platform (or without a known platform) the rate is the estimate.
    from_kb = known if calc.rate_source != RATE_ESTIMATED else None
    cost = _guide(
        snapshot,
        "quick_overdue_cost",
        amount=f"{yuan(q.amount)}元",
        days=q.days,
        rate=w.QUICK_RATE_FROM_KB.format(rate=daily, platform=from_kb.name)
        if from_kb
        else w.QUICK_RATE_ESTIMATED.format(rate=daily),
        interest=f"{yuan(calc.overdue.penalty_interest)}元",
        total=f"{yuan(calc.overdue.total_due)}元",
    )
    if from_kb is None:
        rate_note = _guide(snapshot, "plan_rate_estimate")
        facts = [*cost.facts, *rate_note.facts]
    else:  # the platform's own rate fact, not every platform's the guide lists
        rate_note = _guide(snapshot, "plan_rate_from_kb", platform=from_kb.name)
        facts = [snapshot.facts[str(from_kb.overdue_rate_fact)], *cost.facts]
    return "\n".join([*cost.lines, *rate_note.lines, sources_for(facts)])


def _guide(snapshot: Snapshot, guide_id: str, **values: object) -> ResolvedGuide:
    resolved = snapshot.guide(guide_id, **values)
    if resolved is None:  # the KB checks keep every guide the code names; a KB without it cannot be trusted
        raise KBUnavailable(f"the KB has no guide '{guide_id}'")
    return resolved
