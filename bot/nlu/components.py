"""Rasa graph components wrapping our Chinese NLU: normaliser, tokenizer, entity extractor.

Everything lives inside the trained model, so every channel and the HTTP
parse API behave the same.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import entities
from bot.nlu.crisis import crisis_signal
from bot.text.normalize import normalize

# The normalised message before shortening (see ChineseNormalizer).
FULL_TEXT = "zhaida_full_text"

CRISIS = "crisis"


class _Stateless(GraphComponent):
    """A component with no configuration and nothing trained."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _Stateless:
        cls.prepare()
        return cls()

    @classmethod
    def prepare(cls) -> None:
        """Work to do once when the pipeline is built or loaded (none by default)."""


# Registered as a tokenizer-stage component so the recipe runs it in both the
# training and the prediction chains, ahead of the real tokenizer.
@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class ChineseNormalizer(_Stateless):
    """Rewrites TEXT in canonical form (see bot.text.normalize)."""

    @staticmethod
    def _normalize(message: Message) -> None:
        text = message.get(TEXT)
        # Annotated entity offsets would no longer fit a rewritten text.
        if text and not message.get(ENTITIES):
            # The classifier sees head and tail of a long story; the crisis guard sees all of it.
            message.set(FULL_TEXT, normalize(text, limit=None))
            message.set(TEXT, normalize(text))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalize(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._normalize(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class ChineseTokenizer(JiebaTokenizer):
    """JiebaTokenizer without the whitespace tokens jieba emits (rasa issue 7910)."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        return [token for token in super().tokenize(message, attribute) if token.text.strip()]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ChineseEntityExtractor(_Stateless, EntityExtractorMixin):
    """platform / amount / duration from the in-project spaCy zh pipeline (bot.nlu.entities)."""

    @classmethod
    def prepare(cls) -> None:
        entities.build_pipeline()  # at load, not on the first message

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = [
                {
                    "entity": e.entity,
                    "start": e.start,
                    "end": e.end,
                    "value": e.value,
                    "confidence_entity": 1.0,
                }
                for e in entities.extract(message.get(TEXT) or "")
            ]
            found = self.add_extractor_name(found)
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisGuard(_Stateless):
    """Makes `crisis` the intent of any message with a sign of crisis (bot.nlu.crisis)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not crisis_signal(message.get(FULL_TEXT) or message.get(TEXT) or ""):
                continue
            crisis = {INTENT_NAME_KEY: CRISIS, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != CRISIS]
            message.set(INTENT, crisis, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [crisis, *others], add_to_output=True)
        return messages
