"""Vulnerability flags an agent should see before answering: severe hardship, distress, several lenders."""

from __future__ import annotations

import re

from bot.text.platforms import spelling_pattern

HARDSHIP, DISTRESS, SEVERAL_LENDERS = "severe_hardship", "distress", "several_lenders"
LABELS = {HARDSHIP: "生活严重困难", DISTRESS: "情绪困扰", SEVERAL_LENDERS: "多个平台欠款"}

_HARDSHIP = re.compile(
    r"失业|没(?:有)?工作|没(?:有)?收入|没钱吃饭|吃不上饭|交不起房租|住院|重病|生病|癌|手术|残疾|"
    r"孩子(?:上学|看病)|走投无路|一分钱都没有|身无分文|工资(?:被)?拖欠|被裁"
)
_DISTRESS = re.compile(r"崩溃|绝望|焦虑|抑郁|睡不着|失眠|压力(?:太|好|很|特别)?大|害怕|好怕|受不了|撑不住|天天哭|哭了")
_MANY = re.compile(r"(?:多个|好几个|几个|很多|好多|十几个|几十个)(?:平台|网贷|口子)|以贷养贷|拆东墙补西墙|多头借贷")


def platforms_in_order(text: str) -> list[str]:
    """The platforms a text names, in the order it names them (canonical names)."""
    pattern, spellings = spelling_pattern()
    return [spellings[m.group(0).lower()] for m in pattern.finditer(text)]


def platforms(text: str) -> set[str]:
    return set(platforms_in_order(text))


def flags(text: str, known_platforms: set[str] | None = None) -> list[str]:
    """Flags for a message (or a whole conversation's text); `known_platforms` adds platforms from earlier."""
    found = []
    if _HARDSHIP.search(text):
        found.append(HARDSHIP)
    if _DISTRESS.search(text):
        found.append(DISTRESS)
    if _MANY.search(text) or len(platforms(text) | (known_platforms or set())) >= 2:
        found.append(SEVERAL_LENDERS)
    return found
