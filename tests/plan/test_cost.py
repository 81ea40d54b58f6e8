"""A cost stated in words, as an annual rate against the legal lines, explained with KB facts."""

from decimal import Decimal

import pytest

from bot.plan.cost import Cost, explain, lacks_term, read_cost, verdict

D = Decimal


@pytest.mark.parametrize(
    "text, cost",
    [
        ("借一万到手七千，一年还一万二，合法吗", Cost(D(7000), D(10000), D(12000), 365)),
        ("借3000七天还3600", Cost(D(3000), D(3000), D(3600), 7)),
        ("借了5000，到账4000，一个月后还5500", Cost(D(4000), D(5000), D(5500), 30)),
        ("到手一万，分12期每期还1000，利率合法吗", Cost(D(10000), payment=D(1000), months=12)),
        ("借了2w5，分24期，每期1500", Cost(D(25000), D(25000), payment=D(1500), months=24)),
        ("日息万五合法吗", Cost(daily_rate=D("0.0005"))),
    ],
)
def test_costs_are_read_from_words(text, cost):
    assert read_cost(text) == cost


@pytest.mark.parametrize("text", ["这利息合法吗", "借呗利率高不高", "到手七千要还一万是高利贷吗", "", "🙂" * 500])
def test_no_cost_without_the_numbers_to_compute_it(text):
    assert read_cost(text) is None


def test_a_cost_without_a_term_asks_for_one():
    assert lacks_term("到手七千要还一万是高利贷吗") and not lacks_term("借一万到手七千，一年还一万二")
    assert not lacks_term("这利息合法吗")


def test_rates_by_hand():
    # (12000 − 7000) / 7000 over one year, on what was received (民法典第670条).
    assert verdict(read_cost("借一万到手七千，一年还一万二")).annual_rate.quantize(D("0.0001")) == D("0.7143")
    # 600 / 3000 over 7 days × 365.
    assert verdict(read_cost("借3000七天还3600")).annual_rate.quantize(D("0.0001")) == D("10.4286")
    # 10000 = 1000 × (1 − (1 + r)^−12) / r gives r ≈ 2.9229% a month.
    assert abs(verdict(read_cost("到手一万，分12期每期还1000")).annual_rate - D("0.35075")) < D("0.0001")
    v = verdict(read_cost("日息万五"))
    assert v.annual_rate == D("0.1825") and not v.above_licensed_cap and v.above_private_cap


def test_the_explanation_quotes_the_kb_facts(kb):
    facts = {f: kb.snapshot().facts[f].statement for f in kb.snapshot().facts}
    cost = read_cost("借一万到手七千，一年还一万二")
    text, ids = explain(cost, verdict(cost), facts)
    assert "71.43%" in text and "高于24%" in text and "高于4倍LPR（约12%）" in text
    assert facts["financial_loan_24_percent"] in text and facts["civil_code_670"] in text
    assert ids == ("financial_loan_24_percent", "private_lending_4x_lpr", "lpr_current", "civil_code_670")
    text, _ = explain(read_cost("日息万五"), verdict(read_cost("日息万五")), facts)
    assert "18.25%" in text and "没有超过24%" in text
