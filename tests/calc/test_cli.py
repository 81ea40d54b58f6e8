"""`zhaida calc`, the installed command, as an agent would run it."""

import json
import subprocess
import sys
from pathlib import Path

ZHAIDA = str(Path(sys.executable).with_name("zhaida"))


def run(*args):
    return subprocess.run([ZHAIDA, "calc", *args], capture_output=True, text=True, timeout=60)


def test_json_has_every_figure_as_a_number_and_matches_the_library():
    from bot.calc.plans import annuity

    out = run(
        "--principal", "23000", "--days", "45", "--platform", "花呗", "--income", "6000", "--expenses", "2000", "--json"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["overdue"] == {
        "principal": 23000.0,
        "days": 45,
        "penalty_interest": 517.5,
        "normal_interest": None,
        "total_due": 23517.5,
    }
    assert data["rate_source"] == "知识库：常见公开信息"
    twelve = next(p for p in data["plans"] if p["label"] == "等额本息12期")
    assert twelve["first_payment"] == float(annuity("23517.50", "0.1825", 12).first_payment)
    assert data["recommended"] == "等额本金24期" and data["disposable_income"] == 4000.0


def test_a_platform_without_a_known_rate_is_estimated_at_24_percent_and_says_so():
    out = run("--principal", "23000", "--days", "45", "--platform", "借呗", "--income", "6000", "--expenses", "2000")
    assert out.returncode == 0, out.stderr
    assert "--daily-rate" in out.stdout and "按年化24%估算" in out.stdout and "一次性还清" in out.stdout
    data = json.loads(run("--principal", "23000", "--days", "45", "--platform", "借呗", "--json").stdout)
    # 23000 × 0.24 / 365 × 45 = 680.547… → 680.55
    assert data["rate_source"] == "估算：按年化24%" and data["overdue"]["penalty_interest"] == 680.55


def test_a_credit_card_gets_the_long_plan_labelled_as_optional():
    out = run("--principal", "50000", "--platform", "招行信用卡", "--annual-rate", "0.12", "--json")
    labels = {p["label"]: p for p in json.loads(out.stdout)["plans"]}
    assert "银行个性化分期式60期" in labels and "没有义务" in labels["银行个性化分期式60期"]["note"]


def test_bad_numbers_are_refused_clearly():
    for args in (["--principal", "-500"], ["--principal", "两万"], ["--principal", "1e12"]):
        out = run(*args)
        assert out.returncode == 2 and "principal" in out.stderr


def test_a_monthly_capacity_replaces_income_and_expenses():
    data = json.loads(
        run("--principal", "12000", "--days", "20", "--platform", "花呗", "--capacity", "1500", "--json").stdout
    )
    assert data["disposable_income"] is None and data["affordable_limit"] == 1500.0
    fitting = [p for p in data["plans"] if p["affordable"]]
    assert all(p["highest_payment"] <= 1500 for p in fitting)
    assert data["recommended"] == min(fitting, key=lambda p: (p["total_paid"], p["months"]))["label"]
