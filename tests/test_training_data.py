"""Training examples and question paraphrases are ours: none is a copy of a real person's question."""

import pytest

from bot import realq
from scripts.check_training_copies import copies


@pytest.mark.skipif(
    not realq.SHARED_TSV.exists(), reason="../shared/data/real_questions.tsv is not beside the checkout"
)
def test_no_training_example_or_paraphrase_copies_a_real_question():
    assert copies() == []


@pytest.mark.skipif(
    not realq.SHARED_TSV.exists(), reason="../shared/data/real_questions.tsv is not beside the checkout"
)
def test_labels_refer_to_sampled_rows_and_contract_intents():
    from bot.topics import CONTRACT_INTENTS

    labels = realq.read_labels()
    sampled = {r.id for r in realq.sample(realq.read_rows())}
    assert len(labels) >= 1500 and set(labels) == sampled
    assert all(
        label.intent in CONTRACT_INTENTS and (not label.alternative or label.alternative in CONTRACT_INTENTS)
        for label in labels.values()
    )


@pytest.mark.skipif(
    not realq.SHARED_TSV.exists(), reason="../shared/data/real_questions.tsv is not beside the checkout"
)
def test_the_split_keeps_both_sentences_of_a_pair_on_one_side():
    by_pair: dict[str, set[str]] = {}
    for row in realq.read_rows():
        by_pair.setdefault(row.pair, set()).add(realq.split_of(row))
    assert all(len(sides) == 1 for sides in by_pair.values())
