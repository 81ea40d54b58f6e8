"""Sentence-level grounding: each sentence of an answer says no more than the facts it names.

An answer's short text, detail, notice paragraphs and steps are lists of claims. A claim is one
sentence that either rests on facts (`say:` with `facts:`) or is pure guidance (`guide:`), and the
KB check applies three rules:

1. Every `say` names at least one known fact that is not unverified.
2. A `say` resting on a fact that is only `likely` must not be worded as certain: if it holds a
   certainty word (CERTAINTY_WORDS) it must also hold a hedge (HEDGES).
3. A `guide` states no law or figure: it may not hold a CLAIM_MARKERS word (those need a fact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that make a statement sound certain.
CERTAINTY_WORDS = (
    "一定",
    "肯定",
    "必然",
    "必定",
    "绝对",
    "保证",
    "确定",
    "百分之百",
    "100%",
    "一律",
    "都会",
    "无论如何",
    "毫无疑问",
    "铁定",
    "当然会",
    "必须会",
    "就是会",
)
# Words that say how sure we are, or whose word it is.
HEDGES = (
    "可能",
    "一般",
    "通常",
    "往往",
    "大多",
    "多数",
    "常见",
    "据",
    "报道",
    "公开信息",
    "为准",
    "以合同",
    "不一定",
    "未必",
    "有的",
    "或许",
    "要看",
    "视情况",
)
# Words that assert law, a crime or a figure: a sentence holding one is a claim and needs a fact.
CLAIM_MARKERS = (
    "违法",
    "合法",
    "犯罪",
    "坐牢",
    "判刑",
    "刑事",
    "法律规定",
    "依法",
    "规定",
    "条例",
    "罚息",
    "年化",
    "日息",
    "利率",
    "%",
    "保留5年",
    "五年",
    "不得",
    "严禁",
    "有权",
    "义务",
)
_ARTICLE = re.compile(r"第[0-9一二三四五六七八九十百零]+条")
_SENTENCE_END = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer: where it is shown, its text, and the facts it rests on (none for guidance)."""

    part: str  # "short", "detail", "step", or "notice:短信" etc.
    text: str
    facts: tuple[str, ...] = ()

    @property
    def guidance(self) -> bool:
        return not self.facts


def sentence_problems(text: str) -> list[str]:
    """A claim is one sentence: sentence-ending punctuation only at its end."""
    if _SENTENCE_END.search(text.rstrip("。！？!?")):
        return ["holds more than one sentence: split it so each sentence names its own facts"]
    return []


def certainty_problems(text: str, likely_facts: list[str]) -> list[str]:
    if not likely_facts:
        return []
    certain = [w for w in CERTAINTY_WORDS if w in text]
    if certain and not any(h in text for h in HEDGES):
        return [
            f"is worded as certain ('{certain[0]}') but rests on likely fact '{likely_facts[0]}': "
            f"drop the certainty word or hedge it ({', '.join(HEDGES[:6])} …)"
        ]
    return []


def guidance_problems(text: str) -> list[str]:
    article = _ARTICLE.search(text)
    marker = next((m for m in CLAIM_MARKERS if m in text), None) or (article.group(0) if article else None)
    if marker:
        return [f"is marked as guidance but states law or a figure ('{marker}'): use 'say:' with its facts"]
    return []
