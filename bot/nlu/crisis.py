"""Signs of crisis that must win over any other reading of a message.

The classifier is right most of the time; for self-harm, detention or violence
"most of the time" is not enough, so these phrases force the crisis answer.
"""
from __future__ import annotations

import re

_SIGNS = [
    r"不想活", r"活不下去", r"活着没意思", r"活着还有什么意思", r"不如死了", r"想死", r"去死吧?我", r"寻死", r"轻生",
    r"自杀", r"自尽", r"跳楼", r"跳河", r"跳江", r"割腕", r"喝农药", r"吃安眠药", r"烧炭", r"上吊", r"结束(自己的)?生命",
    r"一了百了", r"解脱算了", r"遗书", r"后事", r"把我关(起来|在)", r"被(他们)?关(起来|在)", r"被(人)?(绑|扣|锁)(起来|住|在)",
    r"不让我(走|离开|出门)", r"限制(我的)?人身自由", r"被(他们|人|催收)?打(了|伤|得)", r"要打死我", r"拿刀",
]
# Idioms with 死 that mean "very", and 打电话 ("被打了十几个电话" is a phone call, not a beating).
_NOT = re.compile(r"笑死|累死了|热死|困死|饿死|急死|烦死|气死|吓死|穷死|死机|死活|死缠|死皮|打了?[^,.!?，。！？]{0,6}电话")
_SIGN_RE = re.compile("|".join(_SIGNS))


def crisis_signal(text: str) -> bool:
    """True when normalised text carries a sign of self-harm, detention or violence."""
    if not text:
        return False
    return bool(_SIGN_RE.search(_NOT.sub("", text)))
