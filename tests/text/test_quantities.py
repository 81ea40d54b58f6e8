import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.numerals import parse_number as cn_to_number
from bot.text.quantities import find_amounts, find_durations, parse_amount, parse_days


@pytest.mark.parametrize(
    "text, value",
    [
        ("两万三", 23000),
        ("2.3万", 23000),
        ("23000元", 23000),
        ("3w", 30000),
        ("2w5", 25000),
        ("五千多", 5000),
        ("一万二千块", 12000),
        ("1.5万元", 15000),
        ("3k", 3000),
        ("2万3", 23000),
        ("欠了5000", 5000),
        ("本金8000", 8000),
        ("两千块钱", 2000),
        ("十万", 100000),
        ("一百亿", 10_000_000_000),
    ],
)
def test_amounts(text, value):
    assert [m.value for m in find_amounts(text)] == [value]


@pytest.mark.parametrize(
    "text", ["几千", "千万别这样", "万一不行", "年化24%", "分36期", "逾期3个月", "10号还款", "欠了***元"]
)
def test_not_amounts(text):
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    "text, days",
    [
        ("三个月", 90),
        ("90天", 90),
        ("半年", 180),
        ("一年多", 365),
        ("一个半月", 45),
        ("半个月", 15),
        ("两个多月", 60),
        ("两周", 14),
        ("七日内", 7),
        ("一个星期", 7),
        ("五年", 1825),
        ("一年半", 545),
        ("逾期3个月", 90),
    ],
)
def test_durations(text, days):
    assert [m.value for m in find_durations(text)] == [days]


@pytest.mark.parametrize(
    "text",
    [
        "3月10号",
        "10日还款",
        "今年3月",
        "十几天",
        "好几个月",
        "2023年",
        "每天",
        "今天",
        "周一",
        "每月工资",
        "两三个月",
        "三四天",
        "一两年",
    ],
)
def test_not_durations(text):
    assert find_durations(text) == []


def test_mentions_point_at_their_text():
    text = "借呗欠了两万三，逾期45天，每月工资六千"
    for m in find_amounts(text) + find_durations(text):
        assert text[m.start : m.end] == m.text


def test_short_answers():
    assert parse_amount("两万三") == 23000
    assert parse_amount("-500") is None or parse_amount("-500") == 500  # the sign is the form's business
    assert parse_amount("好多钱") is None
    assert parse_days("一个半月") == 45
    assert parse_days("好几个月") is None


@given(st.integers(min_value=1, max_value=99_999_999))
def test_arabic_numbers_round_trip(n):
    assert cn_to_number(str(n)) == n
    assert [m.value for m in find_amounts(f"{n}元")] == [n]


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9))
def test_colloquial_wan_tail(wan, thousands):
    # "N万M" means N万M千 however it is written.
    assert cn_to_number(f"{wan}万{thousands}") == wan * 10_000 + thousands * 1000
    assert cn_to_number(f"{wan}w{thousands}") == wan * 10_000 + thousands * 1000
