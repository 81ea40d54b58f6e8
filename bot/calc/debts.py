"""One plan across several debts: the monthly capacity split between lenders, month by month, in decimals.

Every debt gets its minimum each month: the equal instalment that would clear it in MIN_TERM_MONTHS at its
rate, what the plan asks each lender to accept. What the capacity leaves over goes to one debt at a time in
the plan's order, and a debt cleared frees its minimum for the next. The order:
1. debts with a court case or enforcement, whatever their rate (a judgment adds costs and can freeze accounts);
2. then the highest annual rate first (it costs the most to carry), the smaller balance first on a tie;
the alternative shown beside it clears the smallest balance first (fewer lenders to deal with sooner).
Interest is simple monthly interest (annual / 12) on each month's balance, rounded to the fen. A rate above
24% a year (KB fact financial_loan_24_percent) is flagged: the plan is also computed at the supported rate.
When the capacity cannot cover every minimum, nothing is allocated: the shortfall is the answer, and every
debt is flagged for negotiation. Plain Python, no Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from bot.calc.afford import AFFORDABLE_SHARE
from bot.calc.legality import LICENSED_CAP
from bot.calc.money import FEN, dec, to_fen

MIN_TERM_MONTHS = 60  # the longest term the planner proposes (a bank's 个性化分期 runs up to five years)
HIGHEST_RATE_FIRST = "highest_rate_first"
SMALLEST_FIRST = "smallest_first"
# Reasons a debt has its place, as codes; bot/plan/several.py words them.
REASON_COURT = "court"
REASON_RATE = "rate"
REASON_SMALLEST = "smallest"


@dataclass(frozen=True)
class Debt:
    name: str  # 信用卡, 花呗, 网贷（第2笔）…: unique within a plan
    principal: Decimal  # what is owed now, in yuan
    annual_rate: Decimal  # the rate the plan charges: stated, else the platform's figure, else the estimate
    rate_source: str = "stated"  # stated / platform / estimate (worded by the caller)
    days_overdue: int = 0
    court: bool = False  # a lawsuit, a judgment or enforcement

    @property
    def above_supported(self) -> bool:
        return self.annual_rate > LICENSED_CAP


@dataclass(frozen=True)
class Outcome:
    """One debt under a plan."""

    debt: Debt
    rank: int  # 1 = first to receive what is left over
    reason: str  # REASON_*
    minimum: Decimal  # its monthly minimum
    payments: tuple[Decimal, ...]  # month by month, until it is cleared
    interest: Decimal  # total interest paid
    months: int  # months to clear it
    supported_interest: Decimal | None = None  # the same plan at 24% a year, when the stated rate is above it

    @property
    def total_paid(self) -> Decimal:
        return sum(self.payments, Decimal(0))


@dataclass(frozen=True)
class SeveralPlan:
    strategy: str  # HIGHEST_RATE_FIRST / SMALLEST_FIRST
    capacity: Decimal
    minimums: Decimal  # the sum of the monthly minimums
    shortfall: Decimal  # minimums − capacity when positive: no plan fits
    outcomes: tuple[Outcome, ...]  # in the plan's order; empty when there is a shortfall
    balances: tuple[tuple[Decimal, ...], ...] = field(default=())  # after each month, one per outcome

    @property
    def feasible(self) -> bool:
        return self.shortfall == 0

    @property
    def months(self) -> int | None:
        """Months until every debt is repaid; None when no plan fits."""
        return len(self.balances) if self.feasible else None

    @property
    def total_interest(self) -> Decimal:
        return sum((o.interest for o in self.outcomes), Decimal(0))

    def paid_in_month(self, month: int) -> Decimal:
        return sum((o.payments[month - 1] for o in self.outcomes if month <= len(o.payments)), Decimal(0))


def minimum_payment(principal: object, annual_rate: object, months: int = MIN_TERM_MONTHS) -> Decimal:
    """The equal monthly instalment that clears `principal` in `months`, rounded up to the fen so it does."""
    p, r = dec(principal), dec(annual_rate) / 12
    exact = p / months if r == 0 else p * r * (1 + r) ** months / ((1 + r) ** months - 1)
    return exact.quantize(FEN, rounding=ROUND_UP)


def order(debts: list[Debt], strategy: str) -> list[tuple[Debt, str]]:
    """The debts in the order extra money goes to them, each with the reason for its place."""
    if strategy == HIGHEST_RATE_FIRST:
        ranked = sorted(debts, key=lambda d: (not d.court, -d.annual_rate, d.principal))
        return [(d, REASON_COURT if d.court else REASON_RATE) for d in ranked]
    ranked = sorted(debts, key=lambda d: (not d.court, d.principal, -d.annual_rate))
    return [(d, REASON_COURT if d.court else REASON_SMALLEST) for d in ranked]


def plan(debts: list[Debt], capacity: object, strategy: str = HIGHEST_RATE_FIRST) -> SeveralPlan:
    """The month-by-month plan; see the module docstring."""
    if not debts:
        raise ValueError("no debts to plan")
    if len({d.name for d in debts}) != len(debts):
        raise ValueError("debt names must be unique")
    if any(d.principal <= 0 or d.annual_rate < 0 for d in debts):
        raise ValueError("amounts must be positive and rates not negative")
    cap = to_fen(dec(capacity))
    ranked = order(debts, strategy)
    minimums = [minimum_payment(d.principal, d.annual_rate) for d, _ in ranked]
    needed = sum(minimums, Decimal(0))
    shortfall = max(needed - cap, Decimal(0))
    if shortfall:
        return SeveralPlan(strategy, cap, needed, shortfall, ())
    in_order = [d for d, _ in ranked]
    payments, balances = _simulate(in_order, minimums, cap)
    supported = _supported_interest(in_order, minimums, cap)
    outcomes = tuple(
        Outcome(
            debt=d,
            rank=i + 1,
            reason=reason,
            minimum=minimums[i],
            payments=tuple(payments[i]),
            interest=sum(payments[i], Decimal(0)) - to_fen(d.principal),
            months=len(payments[i]),
            supported_interest=supported[i] if d.above_supported else None,
        )
        for i, (d, reason) in enumerate(ranked)
    )
    return SeveralPlan(strategy, cap, needed, Decimal(0), outcomes, tuple(balances))


def _simulate(debts: list[Debt], minimums: list[Decimal], capacity: Decimal):
    """Payments per debt (until cleared) and every month's balances, debts in the plan's order."""
    balance = [to_fen(d.principal) for d in debts]
    rates = [d.annual_rate / 12 for d in debts]
    payments: list[list[Decimal]] = [[] for _ in debts]
    history: list[tuple[Decimal, ...]] = []
    while any(balance):
        if len(history) >= MIN_TERM_MONTHS:  # cannot happen: each minimum clears its debt within the term
            raise RuntimeError("a debt outlived its minimum term")
        left = capacity
        due = []
        for i, owed in enumerate(balance):
            due.append(owed + (owed * rates[i]).quantize(FEN, rounding=ROUND_HALF_UP) if owed else Decimal(0))
        paid = [min(minimums[i], due[i]) for i in range(len(debts))]
        left -= sum(paid, Decimal(0))
        for i in range(len(debts)):  # what is left, to the first debt still owing, then the next
            extra = min(left, due[i] - paid[i])
            paid[i] += extra
            left -= extra
        for i in range(len(debts)):
            if due[i]:
                payments[i].append(paid[i])
            balance[i] = due[i] - paid[i]
        history.append(tuple(balance))
    return payments, history


def _supported_interest(debts: list[Debt], minimums: list[Decimal], capacity: Decimal) -> list[Decimal]:
    """Each debt's interest in the same plan if every rate above 24% were cut to 24% (minimums unchanged)."""
    capped = [replace(d, annual_rate=min(d.annual_rate, LICENSED_CAP)) for d in debts]
    payments, _ = _simulate(capped, minimums, capacity)
    return [sum(p, Decimal(0)) - to_fen(d.principal) for p, d in zip(payments, debts, strict=True)]


def capacity_from_budget(income: object, expenses: object, share: Decimal | None = None) -> Decimal:
    """The monthly capacity from income and essential expenses, as the single-debt planner judges it."""
    disposable = dec(income) - dec(expenses)
    return to_fen(max(disposable, Decimal(0)) * (AFFORDABLE_SHARE if share is None else share))
