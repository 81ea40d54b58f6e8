"""Finds the specific question (data/kb/questions/) a user's message asks, if any.

Character n-grams (1–3) with TF-IDF over our own paraphrases of each question (`asks`); each question
is the normalised mean of its paraphrases' vectors (a centroid), and a message is compared with every
centroid by cosine similarity. Measured on the real dev half (scripts/evaluate_questions.py), centroids
beat the best single paraphrase (0.78 against 0.68 accuracy at equal precision) and matched a logistic
regression trained on the same paraphrases, at no training cost. The NLU's topic narrows the candidates:
a question is considered only when its topic is among the likeliest intents, and only for the user's
platform. Below THRESHOLD nothing matches and the topic answer is given instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from bot.kb.content import Question
from bot.text.normalize import normalize
from bot.text.platforms import spelling_pattern

THRESHOLD = 0.2
# A match this close is taken whatever product topic the NLU chose (bot/kb/choose.py); chosen on the real
# dev half, where 0.35 fixed as many topic mistakes as it made (4 each) and found more right questions.
STRONG = 0.35


@dataclass(frozen=True)
class Match:
    question: Question
    score: float


def _clean(text: str) -> str:
    return "".join(ch for ch in normalize(text or "") if not ch.isspace())


class QuestionIndex:
    def __init__(self, questions: Iterable[Question]):
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize as unit

        self.questions = [q for q in questions if q.asks]
        self.topics = frozenset(q.answer.intent for q in self.questions)
        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        self.centroids = None
        if self.questions:
            matrix = self.vectorizer.fit_transform([_clean(a) for q in self.questions for a in q.asks])
            rows, centroids = 0, []
            for q in self.questions:
                centroids.append(np.asarray(matrix[rows : rows + len(q.asks)].mean(axis=0)).ravel())
                rows += len(q.asks)
            self.centroids = unit(np.vstack(centroids))
        # One message is looked up for up to four topics in a turn (bot/kb/choose.py): rank it once. Small, so
        # that few users' messages stay in memory.
        self._ranked = functools.lru_cache(maxsize=8)(self._rank)

    def scores(self, text: str) -> list[Match]:
        """Every question with its similarity to `text`, best first."""
        return list(self._ranked(text))

    def _rank(self, text: str) -> tuple[Match, ...]:
        if self.centroids is None or not _clean(text):
            return ()
        similarity = (self.vectorizer.transform([_clean(text)]) @ self.centroids.T).ravel()
        return tuple(
            sorted(
                (Match(q, float(s)) for q, s in zip(self.questions, similarity, strict=False)), key=lambda m: -m.score
            )
        )

    def find(
        self, text: str, topics: Iterable[str] | None = None, platform: str | None = None, threshold: float = THRESHOLD
    ) -> Match | None:
        """The best question for `text` among `topics` (all when None), if it clears the threshold.

        A question written for one platform is considered only when it is the user's platform (named in
        `text`, else `platform`, e.g. remembered from earlier): a 借呗 answer to someone who named no
        platform could be wrong for them, while the topic answer is not.
        """
        allowed = set(topics) if topics is not None else None
        named = mentioned_platform(text) or platform
        for match in self.scores(text):
            if allowed is not None and match.question.answer.intent not in allowed:
                continue
            if match.question.answer.platform not in (None, named):
                continue
            return match if match.score >= threshold else None
        return None


def mentioned_platform(text: str) -> str | None:
    """The canonical name of the first platform the text names (any alias or typo), else None."""
    pattern, spellings = spelling_pattern()
    found = pattern.search(text or "")
    return spellings[found.group(0).lower()] if found else None
