"""What the user reads after the form: options, recommendation, table, script and sources."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calc.report import calculate
from bot.plan.present import choose, render, table_text

D = Decimal


def view(kb, debt="23000", days=45, rate=None, platform="借呗", income="6000", expenses="2000"):
    known = kb.snapshot().platforms.get(platform)
    kb_rate = D(known.overdue_daily_rate) if known and known.overdue_daily_rate else None
    calc = calculate(
        D(debt), days, D(rate) if rate else None, platform, kb_rate, income=D(income), expenses=D(expenses)
    )
    return calc, render(calc, kb.guide, D(debt), D(income), D(expenses))


def test_the_issue_example_by_hand(kb):
    calc, v = view(kb)
    # 23000 × 0.24 / 365 × 45 = 680.55; due 23680.55; disposable 4000, so at most 2000 a month.
    assert calc.overdue.penalty_interest == D("680.55") and calc.overdue.total_due == D("23680.55")
    assert v.limit == D("2000.00")
    assert "680.55" in v.summary and "23,680.55" in v.summary and "4,000.00" in v.summary
    labels = [r.label for r in v.rows]
    assert labels[0] == "一次性还清" and len(labels) == 3
    recommended = [r for r in v.rows if r.recommended]
    assert len(recommended) == 1 and recommended[0].payment <= D("2000")
    # The recommendation is the cheapest plan that fits, so every cheaper plan does not fit.
    fits = [a for a in calc.affordability.assessed if a.affordable]
    assert recommended[0].total_paid == min(a.plan.total_paid for a in fits)
    assert "24%" in v.summary and "《" in v.script and "依据：" in v.script
    assert "以贷养贷" in v.script and "个人" in v.script


def test_the_table_lines_up(kb):
    from wcwidth import wcswidth

    _, v = view(kb)
    lines = v.table.splitlines()
    assert lines[0].startswith("方案") and len(lines) == len(v.rows) + 1
    payment_ends, interest_ends = set(), set()
    for line, row in zip(lines[1:], v.rows, strict=False):
        payment = f"{row.payment:,.2f}" + ("" if row.months else "(一次)")
        interest = f"{row.total_interest:,.2f}"
        end = line.index(payment) + len(payment)
        payment_ends.add(wcswidth(line[:end]))
        interest_ends.add(wcswidth(line[: line.index(interest, end) + len(interest)]))
    # Right-aligned columns end at the same display column on every line, Chinese labels included.
    assert len(payment_ends) == 1 and len(interest_ends) == 1
    assert wcswidth(lines[0][: lines[0].index("每期还款") + 4]) == payment_ends.pop()


def test_nothing_affordable_is_said_plainly_with_help_channels(kb):
    calc, v = view(kb, debt="200000", income="3000", expenses="2800")
    assert calc.affordability.recommended is None
    assert "12348" in v.summary and not any(r.recommended for r in v.rows)
    assert all(r.affordable is False for r in v.rows)
    # The script asks for lower payments instead of proposing a plan the budget cannot carry.
    assert "我想申请按" not in v.script and "负担不了" in v.script and "个人账户" in v.script


def test_no_disposable_income_at_all(kb):
    calc, v = view(kb, income="2000", expenses="2500")
    assert v.limit is None and "没有结余" in v.summary


def test_a_credit_card_may_get_the_long_plan_labelled_as_a_favour(kb):
    calc, v = view(kb, debt="80000", platform="信用卡", rate="0.0005", income="6000", expenses="3500")
    # Nothing fits 1,250 a month, so the gentlest plans are shown: the card's 60-month plan among them.
    assert calc.affordability.recommended is None
    assert "银行个性化分期式60期" in [r.label for r in v.rows]
    assert "没有义务" in v.summary and "不直接适用于花呗、借呗" in v.summary


def test_huabei_uses_the_kb_rate_and_says_where_it_comes_from(kb):
    calc, v = view(kb, platform="花呗", debt="12000", days=20)
    assert calc.daily_rate == D("0.0005") and calc.overdue.penalty_interest == D("120.00")
    assert "合同" in v.summary


@settings(max_examples=200, deadline=None)
@given(
    debt=st.integers(1, 2_000_000),
    days=st.integers(0, 720),
    income=st.integers(0, 100_000),
    expenses=st.integers(0, 100_000),
)
def test_options_are_two_or_three_with_at_most_one_recommendation(kb, debt, days, income, expenses):
    calc = calculate(D(debt), days, None, "借呗", None, income=D(income), expenses=D(expenses))
    chosen = choose(calc)
    assert 2 <= len(chosen) <= 3 and chosen[0].kind == "full" and len(set(map(id, chosen))) == len(chosen)
    if calc.affordability.recommended is not None:
        assert calc.affordability.recommended in chosen
    table = table_text(render(calc, kb.guide, D(debt), D(income), D(expenses)).rows)
    assert len(table.splitlines()) == len(chosen) + 1


def test_a_stated_capacity_is_the_line(kb):
    calc = calculate(D("12000"), 20, None, "花呗", D("0.0005"), capacity=D("1500"))
    v = render(calc, kb.guide, D("12000"))
    assert v.limit == D("1500.00") and "每月最多能还1,500.00元" in v.summary and "可支配" not in v.summary
    recommended = next(r for r in v.rows if r.recommended)
    assert recommended.payment <= D("1500") and v.payload["limit"] == 1500.0
