"""依据: on request, which source backs which sentence of the answer the user just read."""

from __future__ import annotations

import re

from bot import wording as w
from bot.kb.cite import cite
from bot.kb.content import Answer, Fact

# Typed requests for the sources of the last answer: 依据 / 出处 / 有什么法律依据 / 这个有根据吗 …
_REQUEST = re.compile(
    r"^\s*(请问|那|你说的|您说的|你讲的|你|您)?\s*(这个|这些|刚才的?|上面的?)?\s*(说法|回答|答案)?\s*(的)?\s*"
    r"(有什么|有没有|有啥|是什么|什么|有)?\s*(法律)?(依据|出处|来源|根据)\s*(是什么|在哪|呢|吗|是啥)?\s*[？?。.!！]*\s*$"
)


def is_sources_request(text: str) -> bool:
    return bool(_REQUEST.match(text or ""))


def sources_button(intent: str) -> dict:
    return {"title": w.SOURCES_BUTTON_TITLE, "payload": f'/{intent}{{"view": "sources"}}'}


def compose_sources(answer: Answer, facts: dict[str, Fact], fill=lambda text: text) -> str:
    """Each sentence of the answer with the sources behind it; guidance is said to be guidance."""
    lines = [w.SOURCES_INTRO]
    n = 0
    for claim in answer.claims:
        if claim.part == "step":
            continue
        n += 1
        lines.append(f"{n}. {fill(claim.text)}")
        if claim.guidance:
            lines.append(w.SOURCES_GUIDANCE)
            continue
        for fid in claim.facts:
            fact = facts[fid]
            confidence = w.CONFIDENCE_LABELS.get(fact.confidence, fact.confidence)
            lines.append(
                w.SOURCES_FACT.format(source=cite(fact.source), confidence=confidence, as_of=fact.as_of.isoformat())
            )
    lines.append(w.SOURCES_DISCLAIMER)
    return "\n".join(lines)
