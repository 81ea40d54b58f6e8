"""Which answer a debt question gets: a specific question's, or the topic's; and whether to ask first.

- A specific question (data/kb/questions/) is preferred when the message matches one whose topic is
  among the NLU's three likeliest topics, or matches one of any topic closely (STRONG): it answers what
  was asked, not the whole topic. Measured on the real dev half (question labels, scripts/evaluate_questions.py
  --nlu), the top three and the close match outside them raise the right-question rate from 0.861 (top two
  only) to 0.869. A topic without specific questions (a lawsuit, harassment, a notice) keeps its answer.
- The platform is asked for only when the answer really differs by platform: the topic answer says
  `ask: platform` and the KB holds platform answers for that topic. A specific question, a crisis or a
  legal answer that is the same for every lender never waits for it.
- Further questions in the same message are offered as buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.kb.content import Question
from bot.kb.question_index import STRONG, mentioned_platform
from bot.kb.repository import Snapshot
from bot.topics import DEBT_TOPICS

# Clause ends, and the words that make a clause a question.
_CLAUSES = re.compile(r"[。！？!?；;\n]+|(?<=[吗呢么嘛])[，,]")
_QUESTION_WORDS = re.compile(
    r"[吗呢么嘛？?]|怎么|怎样|如何|多少|几天|多久|什么|哪|能不能|会不会|是不是|可不可以|有没有|算不算"
)
MAX_OTHERS = 2


@dataclass(frozen=True)
class Choice:
    topic: str | None
    question: Question | None
    ask_platform: bool
    others: tuple[dict, ...]  # buttons: {"title": …, "payload": …}


def likeliest_topics(ranking: list[tuple[str, float]], limit: int) -> list[str]:
    return [intent for intent, _ in ranking if intent in DEBT_TOPICS][:limit]


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSES.split(text or "") if c and c.strip()]


def choose(
    snapshot: Snapshot,
    text: str,
    topic: str | None,
    ranking: list[tuple[str, float]],
    platform: str | None,
    asked_before: bool,
    limit: int = 3,
    strong: float | None = STRONG,
) -> Choice:
    """limit: how many of the NLU's likeliest topics are searched; strong: the score at which a question of
    another topic is taken (None: never). The defaults are the measured ones (scripts/evaluate_questions.py)."""
    topics = likeliest_topics(ranking, limit)
    if topic and topic not in topics:
        topics.insert(0, topic)
    # The likeliest topic first: the main question is the one the NLU ranks highest. A reply to our own
    # question (「花呗」 after 「是哪个平台？」) is not a question to look up.
    question = None if asked_before else _specific_question(snapshot, text, topic, topics, platform, strong)
    if question:
        topic = question.answer.intent
    general = snapshot.answers.get((topic, None)) if topic else None
    differs = bool(topic) and any(t == topic and p is not None for t, p in snapshot.answers)
    ask = (
        question is None
        and general is not None
        and general.ask == "platform"
        and differs
        and not platform
        and not asked_before
    )
    return Choice(topic, question, ask, _others(snapshot, text, topic, question))


def _specific_question(
    snapshot: Snapshot, text: str, topic: str | None, topics: list[str], platform: str | None, strong: float | None
) -> Question | None:
    index = snapshot.question_index
    if topic is not None and topic not in index.topics:
        return None  # a lawsuit, harassment or a notice keeps its own answer, never a product question
    match = next((m for m in (index.find(text, [t], platform) for t in topics) if m), None)
    # A close match may correct the NLU only between topics that have specific questions: which product
    # question it is.
    if match is None and strong is not None:
        match = index.find(text, None, platform, threshold=strong)
    return match.question if match else None


def _others(snapshot: Snapshot, text: str, topic: str | None, question: Question | None) -> tuple[dict, ...]:
    """Buttons for the other questions of a message that asks several: one per clause that matches."""
    parts = [c for c in clauses(text) if _QUESTION_WORDS.search(c)]
    if len(parts) < 2:
        return ()
    seen = {question.id} if question else set()
    buttons = []
    for part in parts:
        match = snapshot.question_index.find(part, platform=mentioned_platform(text))
        if match and match.question.id not in seen and not (question is None and match.question.answer.intent == topic):
            seen.add(match.question.id)
            ask = match.question.asks[0]
            buttons.append({"title": ask, "payload": ask})
        if len(buttons) == MAX_OTHERS:
            break
    return tuple(buttons)
