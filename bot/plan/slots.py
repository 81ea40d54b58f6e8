"""The planning form's slots: the one list that domain.yml, the reader, the form and the tests follow.

tests/plan/test_slots.py checks domain.yml against it, as bot/topics.py is checked against the
intent contract.
"""

from __future__ import annotations

from enum import Enum

# Asked in this order; overdue_rate only when the KB has no figure for the platform.
ORDER = ("platform", "debt_amount", "overdue_days", "overdue_rate", "monthly_income", "monthly_expenses")
# A monthly capacity (「每月最多能还两千」) stands in for income and expenses; it is never asked for.
PLAN_SLOTS = (*ORDER, "monthly_capacity")
# What domain.yml's plan_form requires: the rate and the capacity are asked or used only when needed.
REQUIRED = ("platform", "debt_amount", "overdue_days", "monthly_income", "monthly_expenses")
AMOUNT_SLOTS = ("debt_amount", "monthly_income", "monthly_expenses", "monthly_capacity")

LABELS = {
    "platform": "平台",
    "debt_amount": "欠款金额",
    "overdue_days": "逾期天数",
    "overdue_rate": "逾期日利率",
    "monthly_income": "每月收入",
    "monthly_expenses": "每月必要开支",
    "monthly_capacity": "每月最多能还",
}

# Bookkeeping slots of the form (domain.yml), besides the values above.
STOP_SLOT = "plan_stop"  # why the form ended early: a Stop value
LAST_SLOT = "plan_last"  # the slots the last turn filled, a list (「不对，是三万」 corrects one of them)
ASKED_SLOT = "plan_times_asked"  # how many answers the current question has had
DEBTS_SLOT = "plan_debts"  # every debt named, a list of dicts (bot/plan/debts.py): two or more plan together
# Set by an answer that asks for figures; data/rules.yml then starts the form, which clears it.
REQUESTED_SLOT = "plan_requested"


class Stop(str, Enum):
    """Why the form ended before a plan could be shown."""

    USER = "user"  # 「不算了」
    TOPIC = "topic"  # another debt question: answer it, keep the figures
    HUMAN = "human"  # 转人工
    CRISIS = "crisis"  # answered with the crisis response at once
    KB = "kb"  # the knowledge base is unavailable: no figures without their sources
