"""A summary an agent reads in ten seconds: platform, amount, days overdue, what arrived, what is asked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.calc.format import money
from bot.privacy import mask_pii
from bot.topics import DEBT_TOPICS

# What the person received, in the order an agent cares about.
_RECEIVED = [
    (re.compile(r"传票|应诉通知|起诉状|开庭"), "法院文书"),
    (re.compile(r"判决|裁定|执行通知|冻结"), "判决或执行"),
    (re.compile(r"律师函"), "律师函"),
    (re.compile(r"上门|来家里|到家|找到单位"), "上门催收"),
    (re.compile(r"(?:催收|催款).{0,6}(?:短信|电话)|(?:短信|电话).{0,6}(?:催收|催款)|爆通讯录"), "催收电话或短信"),
]
ASKED_LABELS = {**DEBT_TOPICS, "crisis": "人身安全危机", "evade_debt": "想躲债", "human_handoff": "要求人工"}
MAX_QUESTION_CHARS = 60


@dataclass(frozen=True)
class Facts:
    platform: str | None = None
    amount: int | None = None  # yuan
    days: int | None = None
    received: tuple[str, ...] = ()


def received(text: str) -> tuple[str, ...]:
    return tuple(label for pattern, label in _RECEIVED if pattern.search(text))


def summary(facts: Facts, intent: str | None, question: str) -> str:
    """「借呗｜欠23,000元｜逾期45天｜收到：律师函｜问：收到律师函怎么办｜原话：…」, masked."""
    parts = [facts.platform or "平台未说"]
    parts.append(f"欠{money(facts.amount)}" if facts.amount else "金额未说")
    parts.append(f"逾期{facts.days}天" if facts.days is not None else "逾期天数未说")
    if facts.received:
        parts.append("收到：" + "、".join(facts.received))
    parts.append("问：" + ASKED_LABELS.get(intent or "", "其他问题"))
    said = " ".join(question.split())
    if len(said) > MAX_QUESTION_CHARS:
        said = said[: MAX_QUESTION_CHARS - 1] + "…"
    parts.append(f"原话：「{said}」")
    return mask_pii("｜".join(parts))
