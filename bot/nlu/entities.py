"""A spaCy `zh` pipeline, built in-project, that finds platform, amount and duration entities.

blank("zh") with the jieba segmenter, an EntityRuler for platform names and
aliases, and a component that adds money and duration spans parsed with
bot.text.quantities. Works on normalised text (bot.text.normalize).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from bot.text.platforms import platform_aliases
from bot.text.quantities import find_amounts, find_durations
from bot.text.resources import JIEBA_DICT_DIR

PLATFORM = "platform"
AMOUNT = "amount"
DURATION = "duration"


@dataclass(frozen=True)
class Entity:
    entity: str
    start: int
    end: int
    text: str
    value: str | int


def load_jieba_dictionary(directory: Path = JIEBA_DICT_DIR) -> None:
    """Loads every file of the domain dictionary folder into jieba's global tokenizer."""
    for path in sorted(directory.iterdir()):
        if path.is_file():
            jieba.load_userdict(str(path))


@Language.component("zhaida_quantities")
def _add_quantities(doc: Doc) -> Doc:
    spans = list(doc.ents)
    for label, mentions in ((AMOUNT, find_amounts(doc.text)), (DURATION, find_durations(doc.text))):
        for mention in mentions:
            span = doc.char_span(
                mention.start, mention.end, label=label, kb_id=str(mention.value), alignment_mode="expand"
            )
            if span is not None:
                spans.append(span)
    # Platform names win over numbers inside them (360借条 is not ¥360).
    platforms = [s for s in spans if s.label_ == PLATFORM]
    others = [
        s for s in spans if s.label_ != PLATFORM and not any(s.start < p.end and p.start < s.end for p in platforms)
    ]
    # spaCy's stub types Doc.ents as a one-element tuple; the setter takes any sequence of spans.
    doc.ents = filter_spans(platforms + others)  # type: ignore[assignment]
    return doc


@functools.lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """The entity pipeline; jieba's dictionary is loaded first so aliases are whole tokens."""
    load_jieba_dictionary()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    # add_pipe is typed as returning a bare Pipe; "entity_ruler" builds an EntityRuler.
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": PLATFORM, "pattern": alias, "id": canonical} for alias, canonical in platform_aliases().items()]
    )
    nlp.add_pipe("zhaida_quantities", after="entity_ruler")
    return nlp


def extract(text: str) -> list[Entity]:
    """Entities in normalised text, with values: platform → canonical name, amount → yuan, duration → days."""
    if not text or not text.strip():
        return []
    doc = build_pipeline()(text)
    found = []
    for ent in doc.ents:
        value: str | int = ent.ent_id_ if ent.label_ == PLATFORM else int(ent.kb_id_)
        found.append(Entity(ent.label_, ent.start_char, ent.end_char, ent.text, value))
    return found
