"""The parts of a structured reply, so that each channel renders an answer its own way.

A KB answer travels as its prose (`text`, for channels that show prose) and as parts in the message's
custom payload: kind "answer" with a short answer, the detail, the steps, the sources and the buttons.
The planner's table and chart travel as kind "repayment_plan" (bot/plan/present.py). Channels read
these fields; none of them parses prose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeGuard

ANSWER = "answer"
PLAN = "repayment_plan"


def answer_parts(
    short: str, detail: str, steps: Iterable[str], sources: str, buttons: Iterable[dict]
) -> dict[str, Any]:
    return {
        "kind": ANSWER,
        "short": short,
        "detail": detail,
        "steps": list(steps),
        "sources": sources,
        "buttons": [{"title": b["title"], "payload": b["payload"]} for b in buttons],
    }


def is_answer(custom: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(custom, dict) and custom.get("kind") == ANSWER and isinstance(custom.get("short"), str)


def is_plan(custom: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(custom, dict) and custom.get("kind") == PLAN and isinstance(custom.get("rows"), list)
