"""Several debts through the REST channel: the issue's conversation, checked against a hand computation
(tests/calc/test_several_debts.py) and against `zhaida calc --debt … --json`; edits re-plan at once."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.plan.debt_list import SEVERAL_PLATFORM

pytestmark = pytest.mark.server

ZHAIDA = str(Path(sys.executable).with_name("zhaida"))
DEBTS = "信用卡欠了5万，花呗1万，还有两个网贷各三千"
BUDGET = "每月工资六千，房租两千"


def texts(replies) -> str:
    joined = "\n".join(r.get("text") or "" for r in replies)
    assert "没太看明白" not in joined
    return joined


def calc(*args) -> dict:
    out = subprocess.run([ZHAIDA, "calc", *args, "--json"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_issue_conversation_plans_four_debts_as_computed_by_hand(bot, sender):
    first = texts(bot.say(sender, DEBTS))
    # All four kept (the last amount no longer wins), and only the budget is asked for.
    assert "4笔欠款" in first and "信用卡50,000元" in first and "网贷（第2笔）3,000元" in first
    assert "收入" in first and "哪个平台" not in first and "多少钱" not in first and "逾期日利率" not in first
    replies = bot.say(sender, BUDGET)
    answer = texts(replies)
    # The hand computation: capacity 2,000.00; minimums 1,438.40 + 255.30 + 86.31 × 2 = 1,866.32; 133.68 left
    # over for 网贷（第1笔） first; debt-free in 53 months.
    for figure in ("2,000.00", "1,866.32", "133.68", "53个月", "1,438.40", "255.30", "86.31"):
        assert figure in answer, figure
    table = next(r["text"] for r in replies if (r.get("text") or "").startswith("欠款"))
    assert [line.split()[0] for line in table.splitlines()[1:]] == ["网贷（第1笔）", "网贷（第2笔）", "信用卡", "花呗"]
    assert "先还金额最小的" in answer and "54个月" in answer  # the alternative, side by side
    # One script per lender, with its own official channel from the KB, and the sources.
    assert answer.count("【") == 4 and "支付宝App" in answer and "发卡银行" in answer
    assert "以贷养贷" in answer and "依据：" in answer
    cli = calc("--debts", DEBTS, "--income", "6000", "--expenses", "2000")
    assert cli["months"] == 53 and cli["minimums"] == 1866.32
    for debt in cli["debts"]:
        assert f"{debt['minimum']:,.2f}" in table and f"{debt['interest']:,.2f}" in table
    slots = bot.tracker(sender)["slots"]
    assert slots["platform"] == SEVERAL_PLATFORM and len(slots["plan_debts"]) == 4

    # 「网贷那笔已经还了」: one 网贷 goes, the plan is made again at once.
    again = texts(bot.say(sender, "网贷那笔已经还了"))
    assert "已去掉：网贷（第2笔）" in again and "3笔欠款" in again
    cli = calc("--debts", "信用卡欠了5万，花呗1万，网贷三千", "--income", "6000", "--expenses", "2000")
    assert f"{cli['minimums']:,.2f}" in again and f"{cli['months']}个月" in again


def test_a_court_case_and_a_stated_rate_change_the_order(bot, sender):
    bot.say(sender, "借呗欠2万已经被起诉了，还有个网贷5000日息0.1%")
    answer = texts(bot.say(sender, "每月最多能还三千"))
    cli = calc("--debt", "借呗:20000:court", "--debt", "网贷:5000:daily-rate=0.001", "--capacity", "3000")
    assert [d["name"] for d in cli["debts"]] == ["借呗", "网贷"]
    assert cli["debts"][1]["annual_rate"] == 0.365 and cli["debts"][1]["supported_interest"] is not None
    assert "已经被起诉或进入执行" in answer and "冻结" in answer  # the KB's reason for court cases first
    assert "超过年利率24%" in answer and f"{cli['debts'][1]['supported_interest']:,.2f}" in answer


def test_when_even_the_minimums_do_not_fit_the_shortfall_and_each_lender_s_channel_are_given(bot, sender):
    bot.say(sender, "信用卡欠了5万，花呗1万")
    answer = texts(bot.say(sender, "每月最多能还五百"))
    # 1,438.40 + 255.30 = 1,693.70 a month at least: 1,193.70 short.
    assert "1,193.70" in answer and "12348" in answer and "以贷养贷" in answer
    assert "支付宝App" in answer and "发卡银行" in answer


def test_the_web_page_gets_the_table_and_the_balance_chart_as_data(bot, sender):
    bot.say(sender, DEBTS, metadata={"client": "web"})
    replies = bot.say(sender, BUDGET, metadata={"client": "web"})
    payload = next(r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "several_debts_plan")
    assert payload["months"] == 53 and len(payload["rows"]) == 4 and len(payload["series"]) == 4
    first = payload["series"][0]
    assert first["name"] == "网贷（第1笔）" and first["balances"][:3] == [3000.0, 2840.01, 2676.82]
    assert first["balances"][-1] == 0 and len(first["balances"]) == 18  # today and 17 months
    assert not any((r.get("text") or "").startswith("欠款") for r in replies)  # the table comes once, as data
