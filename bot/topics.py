"""The intent contract of ../shared/intents.md: names, groups and the labels users see."""

from __future__ import annotations

# Debt topics in the order of real traffic (intents.md), with the button label for each.
DEBT_TOPICS: dict[str, str] = {
    "credit_report": "对征信的影响",
    "extension_grace": "能不能晚几天还",
    "penalty_interest": "逾期罚息怎么算",
    "account_restore": "还清后额度能恢复吗",
    "overdue_consequences": "逾期会怎样",
    "negotiate_repayment": "还不上怎么协商",
    "overdue_definition": "怎样算逾期",
    "enforcement": "失信和限高",
    "repayment_channels": "在哪还款",
    "court_procedure": "收到传票怎么办",
    "third_party": "会不会影响家人",
    "harassment": "被骚扰怎么投诉",
    "interest_legality": "利率合法吗",
    "lawsuit_risk": "会被起诉吗",
    "verify_notice": "这条通知是真的吗",
    "lawyer_letter": "收到律师函怎么办",
    "home_visit": "说要上门怎么办",
    "identity_fraud": "被冒名借款",
    "prevent_overdue": "怎么避免逾期",
}
SAFETY = ("crisis", "evade_debt", "human_handoff")
CONVERSATION = ("greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "inform", "out_of_scope")
CONTRACT_INTENTS: tuple[str, ...] = (*DEBT_TOPICS, *SAFETY, *CONVERSATION)

# Finer intents map to exactly one contract intent; today the NLU predicts contract names only.
FINER_TO_CONTRACT: dict[str, str] = {name: name for name in CONTRACT_INTENTS}

DEFAULT_SUGGESTIONS = ("credit_report", "negotiate_repayment", "verify_notice")

# When the NLU is unsure, even a modest chance of a crisis gets the crisis answer.
CRISIS_POSSIBLE = 0.15


def crisis_possible(ranking: list[tuple[str, float]]) -> bool:
    return any(intent == "crisis" and confidence >= CRISIS_POSSIBLE for intent, confidence in ranking)


def to_contract(intent: str) -> str:
    """The contract name for any intent the NLU predicts (out_of_scope for unknown ones)."""
    return FINER_TO_CONTRACT.get(intent, "out_of_scope")


def suggestions(ranking: list[tuple[str, float]], limit: int = 4) -> list[tuple[str, str]]:
    """Topic buttons for a message the NLU was unsure about: the likeliest debt topics first.

    ranking: (intent, confidence) pairs, best first. Returns (intent, label) pairs.
    """
    chosen: list[str] = []
    for intent, _ in ranking:
        topic = to_contract(intent)
        if topic in DEBT_TOPICS and topic not in chosen:
            chosen.append(topic)
        if len(chosen) == 2:
            break
    for topic in DEFAULT_SUGGESTIONS:
        if len(chosen) >= limit - 1:
            break
        if topic not in chosen:
            chosen.append(topic)
    result = [(topic, DEBT_TOPICS[topic]) for topic in chosen]
    result.append(("human_handoff", "转人工"))
    return result
