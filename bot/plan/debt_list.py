"""The planning form with several debts: keeps the list (slot plan_debts) and, while it holds two or more,
stands the list in for the single-debt slots so the form asks only for the budget.

With one debt the form is the single-debt planner as before, and the list follows its platform and amount, so
that a second lender named later starts the several-debt plan with both. Plain Python, no Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from bot import wording as w
from bot.calc.format import money
from bot.plan import debts as debt_reading
from bot.plan.read import Reading

SEVERAL_PLATFORM = "多笔欠款"  # the platform slot while several debts are planned (never a KB platform)
DEBT_SLOTS = ("platform", "debt_amount", "overdue_days", "overdue_rate")


@dataclass(frozen=True)
class DebtTurn:
    entries: list[dict]  # the list after this message
    several: bool
    reading: Reading  # the single-debt reading, without debt figures while several debts are planned
    slots: dict[str, str | None]  # slots to set besides the form's own updates
    note: str | None  # what changed in the list, said back to the user


def turn(entries: list[dict] | None, texts: list[str], reading: Reading, filled: dict[str, str | None]) -> DebtTurn:
    """texts: the messages to read, oldest first (this one last; earlier ones on the form's first turn).

    Earlier messages only seed an empty list: a kept list already holds what they said, and reading them
    again would add 「两个网贷各三千」 twice more."""
    listed = [dict(e) for e in entries or ()]
    changes: list[debt_reading.Change] = []
    for text in texts[-1:] if listed else texts:
        listed, changed = debt_reading.apply(listed, debt_reading.read_debts(text))
        changes += changed
    if debt_reading.several(listed):
        complete = debt_reading.complete(listed)
        slots: dict[str, str | None] = {
            "platform": SEVERAL_PLATFORM,
            "debt_amount": str(sum((Decimal(e["amount"]) for e in complete), Decimal(0))),
            "overdue_days": str(max(int(e.get("days") or 0) for e in complete)),
            "overdue_rate": None,
        }
        values = {k: v for k, v in reading.values.items() if k not in DEBT_SLOTS}
        problems = tuple(p for p in reading.problems if p.slot not in DEBT_SLOTS)
        approximate = {k: v for k, v in reading.approximate.items() if k not in DEBT_SLOTS}
        stripped = replace(reading, values=values, problems=problems, approximate=approximate)
        note = _note(complete, changes) if changes else None
        return DebtTurn(listed, True, stripped, slots, note)
    slots = {}
    if filled.get("platform") == SEVERAL_PLATFORM:  # back to one debt: its figures, or ask again
        only = debt_reading.complete(listed)
        if only:
            slots = {"platform": only[0]["platform"], "debt_amount": only[0]["amount"]}
            slots["overdue_days"] = str(only[0]["days"]) if only[0].get("days") is not None else None
        else:
            slots = dict.fromkeys(("platform", "debt_amount", "overdue_days"))
    listed = _follow_single(listed, reading, {**filled, **slots})
    note = _note(debt_reading.complete(listed), changes) if any(c.kind == "removed" for c in changes) else None
    return DebtTurn(listed, False, reading, slots, note)


def _follow_single(listed: list[dict], reading: Reading, filled: dict) -> list[dict]:
    """With one debt the form's figures are the truth (「不对，是三万」 corrects the form, not the list)."""
    platform = reading.values.get("platform") or filled.get("platform")
    amount = reading.values.get("debt_amount") or filled.get("debt_amount")
    if not platform or platform == SEVERAL_PLATFORM or amount is None:
        return listed
    mine = [e for e in listed if e["platform"] == platform]
    others = [e for e in listed if e["platform"] != platform]
    if not others and len(mine) <= 1:
        entry = mine[0] if mine else {"platform": platform, "name": platform, "days": None, "rate": None}
        entry.setdefault("court", False)
        entry["amount"] = str(Decimal(str(amount)))
        return [entry]
    return listed


def _note(complete: list[dict], changes: list[debt_reading.Change]) -> str:
    parts = []
    removed = [c.name for c in changes if c.kind == "removed"]
    missing = [c.name for c in changes if c.kind == "not_found"]
    if removed:
        parts.append(w.SEVERAL_REMOVED.format(names="、".join(removed)))
    for name in missing:
        parts.append(w.SEVERAL_NOT_FOUND.format(name=name))
    items = "、".join(w.SEVERAL_NOTED_ITEM.format(name=e["name"], amount=money(Decimal(e["amount"]))) for e in complete)
    parts.append(w.SEVERAL_NOTED.format(count=len(complete), debts=items))
    return "".join(parts)
