"""Reading several debts from free text and keeping the list through the conversation (bot/plan/debts.py,
bot/plan/debt_list.py)."""

from decimal import Decimal

import pytest

from bot.plan import debt_list
from bot.plan.debts import apply, complete, read_debts, several
from bot.plan.read import read

ISSUE = "信用卡欠了5万，花呗1万，还有两个网贷各三千"


def listed(*texts):
    debts = []
    for text in texts:
        debts, _ = apply(debts, read_debts(text))
    return [(d["name"], d["amount"]) for d in debts], debts


def test_the_issue_message_names_four_debts_and_none_is_lost():
    names, debts = listed(ISSUE)
    assert names == [
        ("信用卡", "50000.00"),
        ("花呗", "10000.00"),
        ("网贷（第1笔）", "3000.00"),
        ("网贷（第2笔）", "3000.00"),
    ]
    assert several(debts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("借呗2万逾期45天，日息万五，已经被起诉了", [("借呗", "20000.00", 45, "0.0005", True)]),
        (
            "信用卡5万花呗1万借呗2万",
            [
                ("信用卡", "50000.00", None, None, False),
                ("花呗", "10000.00", None, None, False),
                ("借呗", "20000.00", None, None, False),
            ],
        ),
        ("两个网贷一共六千", [("网贷（2笔合计）", "6000.00", None, None, False)]),
        ("微粒贷欠了两万三，每月工资六千，房租两千", [("微粒贷", "23000.00", None, None, False)]),
        ("京东白条欠8000，逾期三个月了", [("京东白条", "8000.00", 90, None, False)]),
    ],
)
def test_each_debt_gets_its_own_figures(text, expected):
    _, debts = listed(text)
    assert [(d["name"], d["amount"], d["days"], d["rate"], d["court"]) for d in debts] == expected


def test_the_user_removes_corrects_and_adds_debts():
    _, debts = listed(ISSUE)
    debts, changes = apply(debts, read_debts("网贷那笔已经还了"))
    assert [c.kind for c in changes] == ["removed"] and len(debts) == 3
    debts, changes = apply(debts, read_debts("花呗其实是一万二"))
    assert [(c.kind, c.name) for c in changes] == [("updated", "花呗")]
    assert next(d for d in debts if d["platform"] == "花呗")["amount"] == "12000.00"
    debts, changes = apply(debts, read_debts("还有一个网贷两千"))
    assert [d["name"] for d in debts if d["platform"] == "网贷"] == ["网贷（第1笔）", "网贷（第2笔）"]
    debts, _ = apply(debts, read_debts("信用卡那笔已经被起诉了"))
    assert next(d for d in debts if d["platform"] == "信用卡")["court"] is True
    debts, changes = apply(debts, read_debts("网贷都还清了"))
    assert [d["platform"] for d in debts] == ["信用卡", "花呗"]
    _, changes = apply(debts, read_debts("借呗那笔还完了"))
    assert [(c.kind, c.name) for c in changes] == [("not_found", "借呗")]


@pytest.mark.parametrize("text", ["花呗欠了1万没还", "借呗还了一部分", "借呗逾期了还没还", "花呗还款日是几号"])
def test_paying_part_or_not_paying_removes_nothing(text):
    _, debts = listed(ISSUE)
    _, changes = apply(debts, read_debts(text))
    assert all(c.kind != "removed" for c in changes)


def test_budget_talk_is_not_a_debt():
    names, _ = listed("每月工资六千，房租两千")
    assert names == []
    names, _ = listed("花呗1万，每月收入五千")
    assert names == [("花呗", "10000.00")]


def test_a_debt_without_an_amount_is_not_planned():
    _, debts = listed("花呗逾期会怎样", "借呗欠了两万")
    assert [d["platform"] for d in complete(debts)] == ["借呗"] and not several(debts)


def test_with_several_debts_the_form_asks_only_for_the_budget():
    turn = debt_list.turn([], [ISSUE], read(ISSUE), {})
    assert turn.several and turn.slots["platform"] == debt_list.SEVERAL_PLATFORM
    assert turn.slots["debt_amount"] == "66000.00" and turn.slots["overdue_days"] == "0"
    assert "debt_amount" not in turn.reading.values  # the single reader's 「last amount wins」 is dropped
    assert "4笔欠款" in turn.note and "网贷（第2笔）3,000元" in turn.note
    after = debt_list.turn(turn.entries, ["网贷都还清了"], read("网贷都还清了"), {**turn.slots})
    assert after.several and after.slots["debt_amount"] == "60000.00" and "已去掉" in after.note
    single = debt_list.turn(after.entries, ["信用卡那笔还清了"], read("信用卡那笔还清了"), {**after.slots})
    assert not single.several
    assert single.slots == {"platform": "花呗", "debt_amount": "10000.00", "overdue_days": None}


def test_one_debt_follows_the_single_planner():
    turn = debt_list.turn([], ["借呗欠了两万三"], read("借呗欠了两万三"), {})
    assert not turn.several and turn.slots == {}
    fixed = debt_list.turn(
        turn.entries,
        ["不对，是三万"],
        read("不对，是三万", last_filled="debt_amount"),
        {"platform": "借呗", "debt_amount": "23000.00"},
    )
    assert [(e["platform"], e["amount"]) for e in fixed.entries] == [("借呗", "30000.00")]
    both = debt_list.turn(fixed.entries, ["还有信用卡欠5万"], read("还有信用卡欠5万"), {"platform": "借呗"})
    assert both.several and Decimal(both.slots["debt_amount"]) == 80000


def test_a_kept_list_is_not_read_again_from_earlier_messages():
    first = debt_list.turn([], [ISSUE], read(ISSUE), {})
    earlier = [ISSUE, "每月工资六千，房租两千", "网贷那笔已经还了"]
    again = debt_list.turn(first.entries, earlier, read(earlier[-1]), dict(first.slots))
    assert [e["name"] for e in again.entries] == ["信用卡", "花呗", "网贷"] and "3笔欠款" in again.note
