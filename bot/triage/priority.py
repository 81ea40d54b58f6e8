"""How urgently a person must look at a message: P1 danger, P2 a legal deadline or abuse, P3 the rest.

Each level comes with the reasons that set it, in Chinese, for the agent. Crisis signs are those the NLU's
crisis guard uses (bot/nlu/crisis.py), so triage and the bot's own crisis answer never disagree.
"""

from __future__ import annotations

import re

from bot.nlu.crisis import crisis_match

P1, P2, P3 = "P1", "P2", "P3"
CRISIS_KINDS = {"self_harm": "自伤或轻生", "detention": "被拘禁或限制人身自由", "violence": "暴力或人身威胁"}

# Topics that bring a deadline or a legal step with them, or abuse that must stop.
P2_INTENTS = {
    "court_procedure": "法院文书或开庭",
    "enforcement": "强制执行、冻结或失信",
    "harassment": "催收骚扰",
}
# 冻结 of money is enforcement; a credit line an app freezes (额度被冻结) is not.
_ENFORCEMENT = (
    r"(?:卡|账户|账号|存款|工资|微信|支付宝|余额|钱包|财产|房子?|车).{0,4}冻结|法院.{0,10}冻结"
    r"|冻结.{0,6}(?:银行卡|账户|工资卡|存款)|强制执行|执行通知|失信(?:被执行人|名单)?|限高|限制消费|划扣"
)
_DEADLINE = r"(?:\d+|[一二三两四五六七八九十]+)\s*(?:天|日|个工作日|小时)内|截止|之前|以前|前还"
_ABUSE = (
    r"爆通讯录|通讯录|辱骂|骂我|恐吓|威胁|骚扰|P图|侮辱|上门闹|堵门|泼油漆|找到单位"
    r"|(?:去|到|来)(?:我的?)?(?:单位|公司|学校|家里?)闹"
)
_P2_SIGNS = [
    (re.compile(r"传票|应诉通知|开庭|起诉状|判决书|裁定书|支付令|举证通知|出庭"), "收到法院文书或开庭通知"),
    (re.compile(_ENFORCEMENT), "强制执行、冻结或失信"),
    (re.compile(rf"律师函.{{0,30}}(?:{_DEADLINE})"), "律师函给了期限"),
    (re.compile(_ABUSE), "催收骚扰或威胁"),
]
# The classifier alone, without a sign the guard knows, is trusted for P1 from this confidence on.
CRISIS_CONFIDENCE = 0.5


def priority(text: str, intent: str | None, confidence: float = 1.0) -> tuple[str, list[str]]:
    """(level, reasons) for one message; `text` as normalised by bot.text.normalize."""
    found = crisis_match(text)
    if found or (intent == "crisis" and confidence >= CRISIS_CONFIDENCE):
        kind = CRISIS_KINDS.get(found[0], found[0]) if found else "危机"
        words = f"：「{found[1]}」" if found else ""
        return P1, [f"危机信号（{kind}）{words}"]
    reasons = [reason for pattern, reason in _P2_SIGNS if pattern.search(text)]
    if intent in P2_INTENTS and not reasons:  # the words say more than the topic does
        reasons.append(P2_INTENTS[intent])
    if reasons:
        return P2, list(dict.fromkeys(reasons))
    return P3, []


def highest(levels: list[str]) -> str:
    return min(levels, default=P3)  # "P1" < "P2" < "P3"
