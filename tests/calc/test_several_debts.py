"""One plan across several debts (bot/calc/debts.py): the issue's example computed by hand, and the plan's
properties under hypothesis."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calc.debts import (
    HIGHEST_RATE_FIRST,
    MIN_TERM_MONTHS,
    SMALLEST_FIRST,
    Debt,
    capacity_from_budget,
    minimum_payment,
    plan,
)

D = Decimal
# 「信用卡欠了5万，花呗1万，还有两个网贷各三千」: 花呗 at the KB's 万五 a day, the others at the 24% estimate.
ISSUE_DEBTS = [
    Debt("信用卡", D(50000), D("0.24"), "estimate"),
    Debt("花呗", D(10000), D("0.0005") * 365, "platform"),
    Debt("网贷（第1笔）", D(3000), D("0.24"), "estimate"),
    Debt("网贷（第2笔）", D(3000), D("0.24"), "estimate"),
]


def months_to_clear_by_hand(debts, minimums, capacity):
    """The plan re-done the plainest way: each month interest, every minimum, the rest down the list."""
    owed = {d.name: d.principal for d in debts}
    cleared, month = {}, 0
    while any(owed.values()):
        month += 1
        for d in debts:
            if owed[d.name]:
                owed[d.name] += (owed[d.name] * d.annual_rate / 12).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        spare = capacity
        for d in debts:
            pay = min(minimums[d.name], owed[d.name])
            owed[d.name] -= pay
            spare -= pay
        for d in debts:
            pay = min(spare, owed[d.name])
            owed[d.name] -= pay
            spare -= pay
        for d in debts:
            if not owed[d.name] and d.name not in cleared:
                cleared[d.name] = month
    return cleared


def test_the_issue_example_matches_a_hand_computation():
    # 每月工资六千，房租两千: half of what is left, as the single-debt planner judges it.
    capacity = capacity_from_budget(6000, 2000)
    assert capacity == D("2000.00")
    # 60 equal instalments, rounded up to the fen: P·r·(1+r)^60 / ((1+r)^60 − 1), r = annual / 12.
    # 信用卡: r = 2%, 1.02^60 = 3.281030788 → 50000 × 0.02 × 3.281030788 / 2.281030788 = 1438.399
    assert minimum_payment(50000, D("0.24")) == D("1438.40")
    # 花呗: r = 0.18250 / 12 = 0.015208333…, (1+r)^60 = 2.47345 → 10000 × r × 2.47345 / 1.47345 = 255.298
    assert minimum_payment(10000, D("0.1825")) == D("255.30")
    # 网贷: 3000 × 0.02 × 3.281030788 / 2.281030788 = 86.3040
    assert minimum_payment(3000, D("0.24")) == D("86.31")
    result = plan(ISSUE_DEBTS, capacity)
    assert result.minimums == D("1866.32") and result.feasible  # 1438.40 + 255.30 + 86.31 + 86.31
    # Order: no court case; 24% before 18.25%; among the 24% ones the smaller balance first.
    assert [o.debt.name for o in result.outcomes] == ["网贷（第1笔）", "网贷（第2笔）", "信用卡", "花呗"]
    first = result.outcomes[0]
    # Month 1: 3000 + 60.00 interest; paid 86.31 + the 133.68 left over = 219.99; 2840.01 left.
    assert first.payments[0] == D("219.99") and result.balances[0][0] == D("2840.01")
    # Month 2: 2840.01 + 56.80 = 2896.81 − 219.99 = 2676.82.
    assert result.balances[1][0] == D("2676.82")
    assert [o.payments[0] for o in result.outcomes[1:]] == [D("86.31"), D("1438.40"), D("255.30")]
    by_hand = months_to_clear_by_hand(
        [o.debt for o in result.outcomes], {o.debt.name: o.minimum for o in result.outcomes}, capacity
    )
    assert {o.debt.name: o.months for o in result.outcomes} == by_hand
    assert result.months == max(by_hand.values()) == 53
    # The alternative clears 花呗 (10,000) before the card (50,000): longer and dearer here.
    other = plan(ISSUE_DEBTS, capacity, SMALLEST_FIRST)
    assert [o.debt.name for o in other.outcomes] == ["网贷（第1笔）", "网贷（第2笔）", "花呗", "信用卡"]
    assert other.months >= result.months and other.total_interest > result.total_interest


def test_a_court_case_comes_first_and_a_rate_above_24_percent_is_shown_at_24():
    debts = [
        Debt("信用卡", D(20000), D("0.18")),
        Debt("某网贷", D(5000), D("0.36")),
        Debt("借呗", D(8000), D("0.1825"), court=True),
    ]
    result = plan(debts, 3000)
    assert [o.debt.name for o in result.outcomes] == ["借呗", "某网贷", "信用卡"]
    assert [o.reason for o in result.outcomes] == ["court", "rate", "rate"]
    loan = result.outcomes[1]
    assert loan.supported_interest is not None and loan.supported_interest < loan.interest
    assert result.outcomes[0].supported_interest is None  # 18.25% is within the line


def test_when_the_minimums_do_not_fit_the_shortfall_is_the_answer():
    result = plan(ISSUE_DEBTS, 1000)
    assert not result.feasible and result.outcomes == () and result.months is None
    assert result.shortfall == D("866.32")  # 1866.32 − 1000


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        plan([], 1000)
    with pytest.raises(ValueError):
        plan([Debt("a", D(0), D("0.1"))], 1000)
    with pytest.raises(ValueError):
        plan([Debt("a", D(100), D("0.1")), Debt("a", D(200), D("0.1"))], 1000)


fen = st.integers(min_value=100_00, max_value=300_000_00).map(lambda n: D(n) / 100)
rates = st.integers(min_value=0, max_value=3600).map(lambda n: D(n) / 10000)
debt_lists = st.lists(st.tuples(fen, rates, st.booleans()), min_size=1, max_size=8).map(
    lambda items: [Debt(f"d{i}", p, r, court=c) for i, (p, r, c) in enumerate(items)]
)
capacities = st.integers(min_value=0, max_value=40_000_00).map(lambda n: D(n) / 100)
strategies = st.sampled_from([HIGHEST_RATE_FIRST, SMALLEST_FIRST])


@settings(max_examples=150, deadline=None)
@given(debt_lists, capacities, strategies)
def test_every_debt_is_repaid_to_the_fen_or_flagged(debts, capacity, strategy):
    result = plan(debts, capacity, strategy)
    if not result.feasible:
        assert result.shortfall > 0 and result.outcomes == ()  # every debt flagged for negotiation
        return
    assert len(result.outcomes) == len(debts)
    assert all(b == 0 for b in result.balances[-1])
    for o in result.outcomes:
        assert o.total_paid == o.debt.principal + o.interest and o.interest >= 0
        assert o.months == len(o.payments) <= MIN_TERM_MONTHS
        assert all(p > 0 for p in o.payments)


@settings(max_examples=150, deadline=None)
@given(debt_lists, capacities, strategies)
def test_no_month_pays_more_than_the_capacity(debts, capacity, strategy):
    result = plan(debts, capacity, strategy)
    for month in range(1, (result.months or 0) + 1):
        assert result.paid_in_month(month) <= result.capacity


@settings(max_examples=150, deadline=None)
@given(debt_lists, capacities, strategies)
def test_the_order_follows_the_rules_and_extra_money_goes_down_it(debts, capacity, strategy):
    result = plan(debts, capacity, strategy)
    if not result.feasible:
        return
    ranked = [o.debt for o in result.outcomes]
    courts = [d.court for d in ranked]
    assert courts == sorted(courts, reverse=True)  # court cases first
    for group in (True, False):
        members = [d for d in ranked if d.court is group]
        if strategy == HIGHEST_RATE_FIRST:
            assert [d.annual_rate for d in members] == sorted((d.annual_rate for d in members), reverse=True)
        else:
            assert [d.principal for d in members] == sorted(d.principal for d in members)
    # In any month, a debt paid more than its minimum has every debt before it cleared by then.
    for m, balances in enumerate(result.balances):
        for i, o in enumerate(result.outcomes):
            if m < len(o.payments) and o.payments[m] > o.minimum:
                assert all(balances[j] == 0 for j in range(i))


@settings(max_examples=100, deadline=None)
@given(debt_lists, capacities, st.integers(min_value=1, max_value=5_000_00).map(lambda n: D(n) / 100), strategies)
def test_more_money_never_makes_the_plan_longer(debts, capacity, more, strategy):
    less, richer = plan(debts, capacity, strategy), plan(debts, capacity + more, strategy)
    if less.feasible:
        assert richer.feasible and richer.months <= less.months
        assert richer.total_interest <= less.total_interest
