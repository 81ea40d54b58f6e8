"""Rasa graph components wrapping our Chinese NLU: normaliser, tokenizer, entity extractor, the n-gram
second opinion on the intent and the crisis guard.

Everything lives inside the trained model, so every channel and the HTTP
parse API behave the same.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
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
from bot.nlu.ngrams import NgramIntentModel, blend
from bot.text.normalize import normalize

# The normalised message before shortening (see ChineseNormalizer).
FULL_TEXT = "zhaida_full_text"

CRISIS = "crisis"
RANKING_LENGTH = 10

logger = logging.getLogger(__name__)


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


def _tokens(message: Message) -> list[str]:
    return [token.text for token in message.get(TOKENS_NAMES[TEXT]) or []]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NgramIntentBlend(GraphComponent):
    """Blends the intent ranking of the classifier before it (DIET) with bot.nlu.ngrams' distribution.

    `weight` is the n-gram model's share. It sits before the FallbackClassifier, which then judges
    the blended confidence, and before the CrisisGuard, which overrides both.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"weight": 0.7, "regularisation": 0.3, "temperature": 0.2}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: NgramIntentModel | None = None,
    ) -> None:
        self._weight = float(config["weight"])
        self._regularisation = float(config["regularisation"])
        self._temperature = float(config["temperature"])
        if not 0 <= self._weight <= 1:
            raise ValueError(f"NgramIntentBlend: weight must be between 0 and 1, not {self._weight}")
        self._storage, self._resource, self._model = model_storage, resource, model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NgramIntentBlend:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        self._model = NgramIntentModel.fit(
            [m.get(TEXT) for m in examples],
            [_tokens(m) for m in examples],
            [m.get(INTENT) for m in examples],
            regularisation=self._regularisation,
            temperature=self._temperature,
        )
        with self._storage.write_to(self._resource) as directory:
            self._model.save(directory)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NgramIntentBlend:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                try:
                    model = NgramIntentModel.load(directory)
                except (OSError, KeyError, ValueError) as error:
                    # A damaged model must not load as a quietly weaker one.
                    raise RuntimeError(f"NgramIntentBlend: unreadable n-gram model: {error}") from error
        except ValueError:
            # The resource does not exist: nothing was trained (no intents). DIET decides alone.
            logger.warning("NgramIntentBlend: no trained n-gram model in this Rasa model; DIET decides alone.")
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            ranking = message.get(INTENT_RANKING_KEY)
            if not text or not ranking:
                continue
            first = {r[INTENT_NAME_KEY]: r[PREDICTED_CONFIDENCE_KEY] for r in ranking}
            blended = blend(first, self._model.probabilities(text, _tokens(message)), self._weight)
            top = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in blended[:RANKING_LENGTH]]
            message.set(INTENT, top[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, top, add_to_output=True)
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
