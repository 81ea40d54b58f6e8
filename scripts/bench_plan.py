"""Time of one full planning conversation through the REST channel.

Starts the servers as `make run` does (private SQLite, free ports) and runs two conversations
N times each, every run under a new sender:
- short: the issue's one message with every figure, then 「不知道」 for the rate (2 turns);
- long: every value asked for one by one, with a vague and a wrong answer on the way (9 turns);
- three debts: three lenders in one message, the budget, then one of them paid off (3 turns).
Prints the median and p95 time of a whole conversation and of a turn, then the time to compute the plan
across 20 debts (bot.calc.debts, both orders, as the reply does). A benchmark: it prints numbers.

    python -m scripts.bench_plan [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

import requests

from bot import modelstore
from scripts.bench_turn import Conversations, start_servers

CONVERSATIONS = {
    "short": ["借呗欠了两万三，逾期45天，每月工资六千，房租两千", "不知道"],
    "long": [
        "帮我算一下还款方案",
        "借呗",
        "两万多",
        "好几个月",
        "一个半月",
        "万分之五",
        "-500",
        "月入六千",
        "房租两千",
    ],
    "three debts": ["信用卡欠了5万，花呗1万，还有个网贷三千", "每月工资六千，房租两千", "网贷那笔已经还了"],
}


def bench_twenty_debts(runs: int) -> None:
    """The calculator alone: 20 debts with varied amounts, rates and one court case, both orders."""
    from decimal import Decimal

    from bot.calc.debts import HIGHEST_RATE_FIRST, SMALLEST_FIRST, Debt, plan

    debts = [
        Debt(f"d{i}", Decimal(2000 + 1500 * i), Decimal("0.10") + Decimal(i % 7) / 50, court=(i == 13))
        for i in range(20)
    ]
    capacity = Decimal(12000)
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        main = plan(debts, capacity, HIGHEST_RATE_FIRST)
        plan(debts, capacity, SMALLEST_FIRST)
        timings.append((time.perf_counter() - began) * 1000)
    print(
        f"plan across 20 debts ({main.months} months, both orders): median {statistics.median(timings):.1f} ms, "
        f"p95 {pct(timings, 0.95):.1f} ms over {runs} runs"
    )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(p * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    servers = start_servers("zhaida-bench-plan-")
    model = modelstore.current_model()
    http = requests.Session()
    talk = Conversations(f"{servers.base}/webhooks/rest/webhook")
    try:
        for name, turns in CONVERSATIONS.items():  # warm-up, and a check that it ends with a plan
            replies = [talk.post(http, f"warm-{name}", m).json() for m in turns]
            said = [r.get("text") or "" for r in replies[-1]]
            assert any("建议" in t or "以贷养贷" in t for t in said), replies[-1]
        print(f"model: {model.name}; SQLite tracker store; {args.runs} runs of each conversation")
        for name, turns in CONVERSATIONS.items():
            whole, per_turn = [], []
            for run in range(args.runs):
                sender = f"bench-{name}-{run}"
                began = time.perf_counter()
                for message in turns:
                    t = time.perf_counter()
                    reply = talk.post(http, sender, message)
                    per_turn.append((time.perf_counter() - t) * 1000)
                    assert reply.status_code == 200 and reply.json(), reply.text
                whole.append((time.perf_counter() - began) * 1000)
            print(
                f"{name} ({len(turns)} turns): conversation median {statistics.median(whole):.0f} ms, "
                f"p95 {pct(whole, 0.95):.0f} ms; turn median {statistics.median(per_turn):.1f} ms, "
                f"p95 {pct(per_turn, 0.95):.1f} ms"
            )
    finally:
        servers.stop()
    bench_twenty_debts(args.runs * 5)


if __name__ == "__main__":
    main()
