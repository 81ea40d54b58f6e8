"""Triage of one message or of a whole conversation, from the messages and their NLU readings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.privacy import mask_pii
from bot.text.normalize import normalize
from bot.text.quantities import find_amounts, find_durations
from bot.topics import to_contract
from bot.triage import flags as vulnerability
from bot.triage.priority import highest, priority
from bot.triage.summary import Facts, received, summary

# Messages that answer the bot rather than ask: the conversation's question is the last one that asks.
NOT_A_QUESTION = {"inform", "affirm", "deny", "thank", "greet", "goodbye", "human_handoff", "nlu_fallback", None}


@dataclass(frozen=True)
class Reading:
    """A message and what the NLU made of it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Triage:
    intent: str | None  # a contract intent (../shared/intents.md)
    confidence: float
    entities: list[dict[str, Any]]
    priority: str
    reasons: list[str]
    flags: list[str]
    summary: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "entities": self.entities,
            "priority": self.priority,
            "reasons": self.reasons,
            "flags": self.flags,
            "summary": self.summary,
        }


def _entity(entities: list[dict[str, Any]], name: str) -> Any:
    return next((e.get("value") for e in entities if e.get("entity") == name), None)


def _facts(readings: list[Reading]) -> Facts:
    """The latest platform, amount and days said anywhere in the conversation, and everything received."""
    platform = amount = days = None
    got: list[str] = []
    for r in readings:
        text = normalize(r.text)
        named = vulnerability.platforms_in_order(text)
        platform = _entity(r.entities, "platform") or (named[-1] if named else None) or platform
        amount_value = _entity(r.entities, "amount")
        if amount_value is None:
            amounts = find_amounts(text)
            amount_value = amounts[-1].value if amounts else None
        amount = int(amount_value) if amount_value is not None else amount
        days_value = _entity(r.entities, "duration")
        if days_value is None:
            durations = find_durations(text)
            # 「逾期45天…7天内不还就起诉」: the length of the overdue, not of a deadline.
            overdue = [d for d in durations if "逾期" in text[max(0, d.start - 6) : d.start]]
            chosen = overdue or durations
            days_value = chosen[0].value if chosen else None
        days = int(days_value) if days_value is not None else days
        got += received(text)
    return Facts(platform, amount, days, tuple(dict.fromkeys(got)))


def _clean_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "entity": e.get("entity"),
            "value": mask_pii(str(e.get("value"))) if isinstance(e.get("value"), str) else e.get("value"),
        }
        for e in entities
        if e.get("entity")
    ]


def triage_conversation(readings: list[Reading]) -> Triage:
    """Triage of a conversation (its user messages, oldest first): the highest priority of any message with
    all its reasons, the flags of the whole, the intent of the last question, the summary of everything said."""
    readings = [r for r in readings if r.text and r.text.strip()]
    if not readings:
        return Triage(None, 0.0, [], "P3", [], [], "")
    levels, reasons = [], []
    for r in readings:
        level, why = priority(normalize(r.text), to_contract(r.intent) if r.intent else None, r.confidence)
        levels.append(level)
        reasons.append((level, why))
    top = highest(levels)
    top_reasons = list(dict.fromkeys(reason for level, why in reasons if level == top for reason in why))
    question = next((r for r in reversed(readings) if r.intent not in NOT_A_QUESTION), readings[-1])
    whole = normalize("\n".join(r.text for r in readings), limit=None)
    seen = {str(_entity(r.entities, "platform")) for r in readings if _entity(r.entities, "platform")}
    intent = to_contract(question.intent) if question.intent else None
    return Triage(
        intent=intent,
        confidence=question.confidence,
        entities=_clean_entities([e for r in readings for e in r.entities]),
        priority=top,
        reasons=top_reasons,
        flags=vulnerability.flags(whole, seen),
        summary=summary(_facts(readings), intent, question.text),
    )


def triage_message(reading: Reading) -> Triage:
    return triage_conversation([reading])
