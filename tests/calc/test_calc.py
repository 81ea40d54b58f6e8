"""Money invariants (hypothesis) and worked examples checked by hand."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calc import legality
from bot.calc.afford import assess
from bot.calc.overdue import overdue_cost
from bot.calc.plans import TERMS, annuity, card_long_plan, equal_principal, extension, pay_in_full

D = Decimal
principals = st.integers(min_value=10_000, max_value=1_000_000_000).map(lambda fen: D(fen) / 100)  # ¥100 … ¥10m
rates = st.integers(min_value=0, max_value=3600).map(lambda bp: D(bp) / 10_000)  # 0 … 36% a year
terms = st.sampled_from(TERMS + (60,))


@settings(max_examples=300)
@given(principals, rates, terms, st.sampled_from([annuity, equal_principal]))
def test_schedules_repay_the_principal_to_the_fen(principal, rate, months, make):
    plan = make(principal, rate, months)
    assert sum(p.principal for p in plan.schedule) == principal
    assert plan.total_paid == principal + plan.total_interest
    assert plan.schedule[-1].balance == 0
    assert all(p.principal >= 0 and p.interest >= 0 and p.payment == p.principal + p.interest for p in plan.schedule)
    assert all(p.payment == p.payment.quantize(D("0.01")) for p in plan.schedule)


@settings(max_examples=200)
@given(principals, rates.filter(lambda r: r > 0), st.sampled_from([annuity, equal_principal]))
def test_longer_terms_never_cost_less_interest(principal, rate, make):
    totals = [make(principal, rate, months).total_interest for months in TERMS]
    assert totals == sorted(totals)


@settings(max_examples=200)
@given(principals, rates.filter(lambda r: r > 0), terms)
def test_equal_principal_costs_no_more_interest_than_annuity(principal, rate, months):
    assert equal_principal(principal, rate, months).total_interest <= annuity(
        principal, rate, months
    ).total_interest + D("0.05")


# Worked examples, computed by hand.


def test_huabei_example_from_the_fact_sheet():
    # 500元 overdue 5 days at 0.05% a day: 500 × 0.0005 × 5 = 1.25
    cost = overdue_cost(500, 5, "0.0005")
    assert cost.penalty_interest == D("1.25") and cost.total_due == D("501.25")


def test_overdue_cost_beside_the_contract_rate():
    # 23000 × 0.0005 × 45 = 517.50; at 18.25% a year: 23000 × 0.1825 / 365 × 45 = 517.50
    cost = overdue_cost(23000, 45, "0.0005", annual_rate="0.1825")
    assert cost.penalty_interest == D("517.50") and cost.normal_interest == D("517.50")


def test_annuity_12000_at_12_percent_over_12_months():
    # r = 1%/month; payment = 12000 × 0.01 × 1.01^12 / (1.01^12 − 1) = 1066.1854 → 1066.19
    plan = annuity(12000, "0.12", 12)
    assert plan.first_payment == D("1066.19")
    assert plan.schedule[0].interest == D("120.00") and plan.schedule[0].principal == D("946.19")
    assert D("794.00") < plan.total_interest < D("794.50")  # 12 × 1066.1854 − 12000 = 794.22


def test_equal_principal_12000_at_12_percent_over_12_months():
    # 1000 principal a month; interest 120, 110, …, 10 → total 780
    plan = equal_principal(12000, "0.12", 12)
    assert plan.first_payment == D("1120.00") and plan.schedule[-1].payment == D("1010.00")
    assert plan.total_interest == D("780.00")


def test_zero_rate_splits_evenly_and_the_last_month_takes_the_remainder():
    plan = annuity(100, 0, 3)
    assert [p.payment for p in plan.schedule] == [D("33.33"), D("33.33"), D("33.34")]


def test_extension_and_full_payment():
    assert extension(10000, 30, "0.0005").total_paid == D("10150.00")  # 10000 × 0.0005 × 30 = 150
    assert pay_in_full("10517.5").total_paid == D("10517.50")


def test_card_plan_is_labelled_as_a_banks_option_and_capped_at_60_months():
    plan = card_long_plan(50000, "0.12")
    assert plan.months == 60 and "没有义务" in plan.note and "花呗" in plan.note
    with pytest.raises(ValueError):
        card_long_plan(50000, "0.12", 72)


def test_affordability_recommends_the_cheapest_plan_that_fits():
    plans = [pay_in_full(23517.5)] + [annuity(23000, "0.1825", m) for m in TERMS]
    result = assess(plans, 6000, 2000)  # 4000 disposable; half of it is 2000 a month
    assert result.disposable == D("4000")
    fits = [a.plan.months for a in result.assessed if a.affordable]
    # Monthly payments at 18.25%: 3 → 7,901; 6 → 4,040; 12 → 2,111 (53% of 4,000); 24 → 1,151; 36 → 834.
    assert fits == [24, 36]
    assert result.recommended.months == 24  # fewer months, less interest


def test_nothing_affordable_is_said_plainly():
    result = assess([annuity(23000, "0.18", 36)], 3000, 3500)
    assert result.recommended is None and not any(a.affordable for a in result.assessed)


def test_legality_of_seven_thousand_received_twelve_thousand_repaid():
    # (12000 − 7000) / 7000 = 71.4% in one year: above 24% and above 4 × LPR
    v = legality.single_repayment(7000, 12000, 365)
    assert v.annual_rate.quantize(D("0.001")) == D("0.714") and v.above_licensed_cap and v.above_private_cap


def test_legality_of_a_daily_fee():
    v = legality.daily_fee("0.0005")  # 18.25% a year: below 24%, above 4 × 3% = 12%
    assert v.annual_rate == D("0.1825") and not v.above_licensed_cap and v.above_private_cap


def test_instalment_irr():
    # 10000 received, 12 × 1000 repaid: monthly IRR 2.9229% → 35.07% a year
    v = legality.instalments(10000, 1000, 12)
    assert v.method == "IRR" and v.annual_rate.quantize(D("0.0001")) == D("0.3507")
    assert v.above_licensed_cap


def test_thresholds_are_the_ones_the_kb_states():
    from bot.kb import content
    from bot.settings import PROJECT_ROOT

    facts = content.load(PROJECT_ROOT / "data" / "kb").facts
    assert "24%" in facts[legality.LICENSED_CAP_FACT].statement
    assert "4倍" in facts[legality.PRIVATE_CAP_FACT].statement
    assert "3" in facts[legality.LPR_FACT].statement


@pytest.mark.parametrize(
    "bad", [{"principal": 0, "days": 5, "daily_rate": "0.0005"}, {"principal": 100, "days": -1, "daily_rate": "0.0005"}]
)
def test_bad_input_is_refused(bad):
    with pytest.raises(ValueError):
        overdue_cost(**bad)
