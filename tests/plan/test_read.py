from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.plan.read import LIMITS, Problem, Reading, read
from bot.plan.slots import PLAN_SLOTS as SLOTS

D = Decimal
FULL = "借呗欠了两万三，逾期45天，每月工资六千，房租两千"

# text, requested, last_filled, expected values, expected approximate, expected problems as (slot, kind, words)
EXAMPLES = [
    (
        FULL,
        None,
        None,
        {
            "platform": "借呗",
            "debt_amount": D(23000),
            "overdue_days": 45,
            "monthly_income": D(6000),
            "monthly_expenses": D(2000),
        },
        {},
        [],
    ),
    (
        "月薪6k，房租1500，吃饭1000，逾期两个多月，信用卡欠了3万5",
        None,
        None,
        {
            "platform": "信用卡",
            "debt_amount": D(35000),
            "overdue_days": 60,
            "monthly_income": D(6000),
            "monthly_expenses": D(2500),
        },
        {"overdue_days": "两个多月"},
        [],
    ),
    ("工资六千房租两千", None, None, {"monthly_income": D(6000), "monthly_expenses": D(2000)}, {}, []),
    ("360借条欠了5000", None, None, {"platform": "360借条", "debt_amount": D(5000)}, {}, []),
    ("美团生活费欠了三千", None, None, {"platform": "美团", "debt_amount": D(3000)}, {}, []),
    ("借呗两万三", None, None, {"platform": "借呗", "debt_amount": D(23000)}, {}, []),
    ("借吧欠了两万", None, None, {"platform": "借呗", "debt_amount": D(20000)}, {}, []),
    ("我欠了一些钱，借呗两万", None, None, {"platform": "借呗", "debt_amount": D(20000)}, {}, []),
    # Answers without a cue go to the slot asked for.
    ("两万三", "debt_amount", None, {"debt_amount": D(23000)}, {}, []),
    ("2w5", "debt_amount", None, {"debt_amount": D(25000)}, {}, []),
    ("一点五万", "debt_amount", None, {"debt_amount": D(15000)}, {}, []),
    ("欠1,500元", None, None, {"debt_amount": D(1500)}, {}, []),
    ("6000", "monthly_income", None, {"monthly_income": D(6000)}, {}, []),
    ("6000", None, None, {"debt_amount": D(6000)}, {}, []),
    ("一共两万", "monthly_income", None, {"debt_amount": D(20000)}, {}, []),
    ("房租两千，吃饭一千五", "monthly_expenses", None, {"monthly_expenses": D(3500)}, {}, []),
    ("房租两千左右，吃饭一千五", None, None, {"monthly_expenses": D(3500)}, {"monthly_expenses": "两千左右"}, []),
    ("工资五千，还有兼职挣一千", None, None, {"monthly_income": D(6000)}, {}, []),
    ("工资五千，不对，工资六千", None, None, {"monthly_income": D(6000)}, {}, []),
    (
        "我在借呗借了3万，现在还剩两万多没还",
        None,
        None,
        {"platform": "借呗", "debt_amount": D(20000)},
        {"debt_amount": "两万多"},
        [],
    ),
    # Durations.
    ("一个半月", "overdue_days", None, {"overdue_days": 45}, {}, []),
    ("逾期一个半月", None, None, {"overdue_days": 45}, {}, []),
    ("三个月了", "overdue_days", None, {"overdue_days": 90}, {}, []),
    ("三个月了", "monthly_income", None, {}, {}, [("monthly_income", "unreadable", "")]),
    ("45", "overdue_days", None, {"overdue_days": 45}, {}, []),
    ("逾期45", None, None, {"overdue_days": 45}, {}, []),
    ("五", "overdue_days", None, {"overdue_days": 5}, {}, []),
    ("欠了三个月", "debt_amount", None, {"overdue_days": 90}, {}, []),
    ("还没逾期", "overdue_days", None, {"overdue_days": 0}, {}, []),
    ("没逾期", None, None, {"overdue_days": 0}, {}, []),
    ("没有", "overdue_days", None, {"overdue_days": 0}, {}, []),
    ("差不多三个月", "overdue_days", None, {"overdue_days": 90}, {"overdue_days": "差不多三个月"}, []),
    ("逾期了大半年", None, None, {"overdue_days": 180}, {"overdue_days": "大半年"}, []),
    # Rates.
    ("万五", "overdue_rate", None, {"overdue_rate": D("0.0005")}, {}, []),
    ("万分之五", "overdue_rate", None, {"overdue_rate": D("0.0005")}, {}, []),
    ("日息万五", None, None, {"overdue_rate": D("0.0005")}, {}, []),
    ("0.05%", "overdue_rate", None, {"overdue_rate": D("0.0005")}, {}, []),
    ("日利率0.05%", None, None, {"overdue_rate": D("0.0005")}, {}, []),
    ("千分之一", "overdue_rate", None, {"overdue_rate": D("0.001")}, {}, []),
    ("年化18%", None, None, {"overdue_rate": D("0.18") / 365}, {}, []),
    ("18%", "overdue_rate", None, {"overdue_rate": D("0.18") / 365}, {}, []),
    ("0.05", "overdue_rate", None, {"overdue_rate": D("0.0005")}, {}, []),
    ("不知道", "overdue_rate", None, {"overdue_rate": "unknown"}, {}, []),
    ("忘了", "overdue_rate", None, {"overdue_rate": "unknown"}, {}, []),
    ("日利率5%", None, None, {}, {}, [("overdue_rate", "too_large", "5%")]),
    ("万五", "debt_amount", None, {}, {}, [("debt_amount", "unreadable", "")]),
    # Platform.
    ("花呗", None, None, {"platform": "花呗"}, {}, []),
    ("蚂蚁借呗和花呗", None, None, {"platform": "借呗"}, {}, []),
    ("不知道", "platform", None, {"platform": "其他平台"}, {}, []),
    ("其他", "platform", None, {"platform": "其他平台"}, {}, []),
    ("别的", "platform", None, {"platform": "其他平台"}, {}, []),
    ("某某贷", "platform", None, {"platform": "某某贷"}, {}, []),
    ("你好", "platform", None, {}, {}, [("platform", "unreadable", "")]),
    ("不对，是某某贷", "debt_amount", "platform", {"platform": "某某贷"}, {}, []),
    # Nothing and zero.
    ("没有收入", "monthly_income", None, {"monthly_income": D(0)}, {}, []),
    ("没工作", None, None, {"monthly_income": D(0)}, {}, []),
    ("失业了", "monthly_income", None, {"monthly_income": D(0)}, {}, []),
    ("0", "monthly_income", None, {"monthly_income": D(0)}, {}, []),
    ("没有", "monthly_expenses", None, {"monthly_expenses": D(0)}, {}, []),
    ("0", "monthly_expenses", None, {"monthly_expenses": D(0)}, {}, []),
    ("0", "debt_amount", None, {}, {}, [("debt_amount", "zero", "0")]),
    ("没有", "debt_amount", None, {}, {}, [("debt_amount", "zero", "没有")]),
    # Limits and negatives.
    ("-500", "monthly_income", None, {}, {}, [("monthly_income", "negative", "-500")]),
    ("负五百", "monthly_expenses", None, {}, {}, [("monthly_expenses", "negative", "负五百")]),
    ("－500", "debt_amount", None, {}, {}, [("debt_amount", "negative", "-500")]),
    ("一百亿", "debt_amount", None, {}, {}, [("debt_amount", "too_large", "一百亿")]),
    ("一百亿", None, None, {}, {}, [("debt_amount", "too_large", "一百亿")]),
    ("工资两百万", None, None, {}, {}, [("monthly_income", "too_large", "两百万")]),
    ("逾期一百年", None, None, {}, {}, [("overdue_days", "too_large", "一百年")]),
    ("欠10000001元", None, None, {}, {}, [("debt_amount", "too_large", "10000001元")]),
    ("欠10000000元", None, None, {"debt_amount": D(10_000_000)}, {}, []),
    # Vague and approximate.
    ("好几个月", "overdue_days", None, {}, {}, [("overdue_days", "vague", "好几个月")]),
    ("逾期很久了", None, None, {}, {}, [("overdue_days", "vague", "很久")]),
    ("两三个月", "overdue_days", None, {}, {}, [("overdue_days", "vague", "两三个月")]),
    ("几千", "monthly_income", None, {}, {}, [("monthly_income", "vague", "几千")]),
    ("工资几千", "debt_amount", None, {}, {}, [("monthly_income", "vague", "几千")]),
    ("好几千", "monthly_expenses", None, {}, {}, [("monthly_expenses", "vague", "好几千")]),
    ("几万", "debt_amount", None, {}, {}, [("debt_amount", "vague", "几万")]),
    ("一些", "debt_amount", None, {}, {}, [("debt_amount", "vague", "一些")]),
    ("2-3万", "debt_amount", None, {}, {}, [("debt_amount", "vague", "2-3万")]),
    ("两万多", "debt_amount", None, {"debt_amount": D(20000)}, {"debt_amount": "两万多"}, []),
    ("五千出头", "monthly_income", None, {"monthly_income": D(5000)}, {"monthly_income": "五千出头"}, []),
    ("三千左右", "monthly_expenses", None, {"monthly_expenses": D(3000)}, {"monthly_expenses": "三千左右"}, []),
    ("大概八千", "monthly_income", None, {"monthly_income": D(8000)}, {"monthly_income": "大概八千"}, []),
    # Corrections go to the slot just filled when the value is of its kind.
    ("不对，是三万", "monthly_income", "debt_amount", {"debt_amount": D(30000)}, {}, []),
    ("改成60天", "monthly_income", "overdue_days", {"overdue_days": 60}, {}, []),
    ("说错了，应该是50", "monthly_income", "overdue_days", {"overdue_days": 50}, {}, []),
    ("三万", "monthly_income", "debt_amount", {"monthly_income": D(30000)}, {}, []),
    ("不对，是45天", "monthly_income", "debt_amount", {}, {}, [("monthly_income", "unreadable", "")]),
    # Nothing readable.
    ("你好", "debt_amount", None, {}, {}, [("debt_amount", "unreadable", "")]),
    ("asdf", "monthly_income", None, {}, {}, [("monthly_income", "unreadable", "")]),
    ("😀", "overdue_days", None, {}, {}, [("overdue_days", "unreadable", "")]),
    ("", "debt_amount", None, {}, {}, [("debt_amount", "unreadable", "")]),
    ("利息两千", "debt_amount", None, {}, {}, [("debt_amount", "unreadable", "")]),
    ("你好", None, None, {}, {}, []),
    ("电话13812345678", None, None, {}, {}, []),
    ("3月10号还款", None, None, {}, {}, []),
]


@pytest.mark.parametrize("text, requested, last_filled, values, approximate, problems", EXAMPLES)
def test_examples(text, requested, last_filled, values, approximate, problems):
    reading = read(text, requested, last_filled)
    assert reading.values == values
    assert reading.approximate == approximate
    assert reading.problems == tuple(Problem(*p) for p in problems)
    assert not reading.stop


def test_amounts_have_two_places_and_days_are_int():
    values = read(FULL).values
    assert str(values["debt_amount"]) == "23000.00"
    assert type(values["overdue_days"]) is int


@pytest.mark.parametrize(
    "text",
    [
        "算了",
        "算了吧",
        "那算了",
        "不算了",
        "不用算了",
        "别算了",
        "先不算",
        "停",
        "退出",
        "取消",
        "结束",
        "不算了，谢谢",
    ],
)
def test_stop(text):
    reading = read(text, "debt_amount")
    assert reading.stop
    assert reading.problems == ()


@pytest.mark.parametrize(
    "text", ["算了一下", "这样算了多少", "我算了一下欠两万", "停息挂账", "取消分期可以吗", "两万不算多"]
)
def test_not_stop(text):
    assert not read(text, "debt_amount").stop


@pytest.mark.parametrize(
    "text", ["不对", "错了，是三万", "说错了", "改成两万", "改为两万", "应该是两万", "其实是两万", "更正一下"]
)
def test_correction(text):
    assert read(text, "monthly_income", "debt_amount").correction


@pytest.mark.parametrize("text", ["两万", "对不对", FULL])
def test_not_correction(text):
    assert not read(text).correction


CHINESE_ISH = st.lists(
    st.sampled_from(
        list("0123456789零〇一二两三四五六七八九十百千万亿点元块天个月年半多几来-负.,，。、%wk ")
        + [
            "欠",
            "欠了",
            "逾期",
            "工资",
            "房租",
            "吃饭",
            "借呗",
            "360借条",
            "万分之",
            "千分之",
            "百分之",
            "日息",
            "年化",
            "左右",
            "出头",
            "大概",
            "好几",
            "不对",
            "改成",
            "算了",
            "不知道",
            "没有",
            "收入",
            "没逾期",
            "和",
        ]
    ),
    max_size=40,
).map("".join)
REQUESTED = st.sampled_from((None, *SLOTS))


def _check(reading: Reading) -> None:
    assert isinstance(reading, Reading)
    assert set(reading.values) <= set(SLOTS)
    for slot, value in reading.values.items():
        if slot == "platform":
            assert isinstance(value, str) and value
        elif slot == "overdue_days":
            assert type(value) is int and LIMITS[slot][0] <= value <= LIMITS[slot][1]
        elif slot == "overdue_rate":
            assert value == "unknown" or (isinstance(value, Decimal) and 0 <= value <= LIMITS[slot][1])
        else:
            assert isinstance(value, Decimal) and value == value.quantize(Decimal("0.01"))
            assert LIMITS[slot][0] <= value <= LIMITS[slot][1]
    for problem in reading.problems:
        assert problem.slot in SLOTS
        assert problem.kind in ("vague", "negative", "too_large", "zero", "unreadable")
    assert set(reading.approximate) <= set(reading.values)


@settings(max_examples=300, deadline=None)
@given(st.text(), REQUESTED, REQUESTED)
def test_never_raises_on_any_text(text, requested, last_filled):
    _check(read(text, requested, last_filled))


@settings(max_examples=300, deadline=None)
@given(CHINESE_ISH, REQUESTED, REQUESTED)
def test_never_raises_on_chinese_numbers(text, requested, last_filled):
    _check(read(text, requested, last_filled))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10_000_000), REQUESTED)
def test_digits_after_qian_read_back(n, requested):
    assert read(f"欠{n}元", requested).values["debt_amount"] == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10_000_000), REQUESTED)
def test_chinese_numerals_after_qian_read_back(n, requested):
    assert read(f"欠{cn2an.an2cn(n)}元", requested).values["debt_amount"] == n


def test_long_text_is_fine():
    reading = read((FULL + "\x00😀<b>' OR 1=1;--") * 3000)
    _check(reading)


@pytest.mark.parametrize(
    "text, capacity",
    [
        ("借呗欠了两万，逾期一个月，每月最多能还一千五", "1500.00"),
        ("我每个月只能还800", "800.00"),
        ("每月能还两千", "2000.00"),
    ],
)
def test_a_monthly_capacity_is_read(text, capacity):
    assert read(text).values["monthly_capacity"] == Decimal(capacity)


def test_a_capacity_is_not_income_and_income_is_not_a_capacity():
    values = read("月入六千能还两千吗").values
    assert values["monthly_income"] == Decimal("6000.00") and values["monthly_capacity"] == Decimal("2000.00")
    assert "monthly_capacity" not in read("还剩两万").values
