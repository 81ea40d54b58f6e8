"""The n-gram intent model: its own arithmetic against scikit-learn's, its files, and its place in the model."""

from __future__ import annotations

import asyncio
import json
import tarfile

import numpy as np
import pytest
import yaml
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.nlu.ngrams import ARRAYS_FILE, VOCABULARY_FILE, NgramIntentModel, blend, char_ngrams, word_ngrams

EXAMPLES = [
    ("借呗逾期三天上征信吗", ["借呗", "逾期", "三天", "上", "征信", "吗"], "credit_report"),
    ("花呗晚还一天影响征信不", ["花呗", "晚还", "一天", "影响", "征信", "不"], "credit_report"),
    ("逾期记录多久能消", ["逾期", "记录", "多久", "能", "消"], "credit_report"),
    ("还清了花呗还能用吗", ["还清", "了", "花呗", "还能", "用", "吗"], "account_restore"),
    ("借呗还完多久恢复额度", ["借呗", "还完", "多久", "恢复", "额度"], "account_restore"),
    ("还款后花呗还能用吗", ["还款", "后", "花呗", "还能", "用", "吗"], "account_restore"),
    ("借呗能晚两天还吗", ["借呗", "能", "晚", "两天", "还", "吗"], "extension_grace"),
    ("花呗可以晚几天还吗", ["花呗", "可以", "晚", "几天", "还", "吗"], "extension_grace"),
    ("有没有宽限期", ["有没有", "宽限期"], "extension_grace"),
]
TEXTS = [t for t, _, _ in EXAMPLES]
TOKENS = [w for _, w, _ in EXAMPLES]
INTENTS = [i for _, _, i in EXAMPLES]
UNSEEN = [("微粒贷晚还两天上征信吗", ["微粒贷", "晚还", "两天", "上", "征信", "吗"]), ("", []), ("🙂", ["🙂"])]


@pytest.fixture(scope="module")
def model() -> NgramIntentModel:
    return NgramIntentModel.fit(TEXTS, TOKENS, INTENTS)


def test_our_arithmetic_gives_what_scikit_learn_gives(model):
    chars = TfidfVectorizer(analyzer=char_ngrams, min_df=2, sublinear_tf=True)
    words = TfidfVectorizer(analyzer=word_ngrams, min_df=2, sublinear_tf=True)
    features = hstack([chars.fit_transform(TEXTS), words.fit_transform(TOKENS)]).tocsr()
    reference = LinearSVC(C=0.3, random_state=0).fit(features, INTENTS)
    for text, tokens in UNSEEN + list(zip(TEXTS, TOKENS, strict=True)):
        expected = reference.decision_function(hstack([chars.transform([text]), words.transform([tokens])]).tocsr())[0]
        assert np.allclose(model.scores(text, tokens), expected, atol=1e-9)
        shares = np.exp((expected - expected.max()) / 0.2)
        ours = model.probabilities(text, tokens)
        assert list(ours) == list(reference.classes_)
        assert np.allclose(list(ours.values()), shares / shares.sum(), atol=1e-9)


def test_with_two_intents_each_gets_a_row_and_the_shares_follow_the_one_score():
    texts, tokens, intents = TEXTS[:6], TOKENS[:6], INTENTS[:6]
    two = NgramIntentModel.fit(texts, tokens, intents)
    chars = TfidfVectorizer(analyzer=char_ngrams, min_df=2, sublinear_tf=True)
    words = TfidfVectorizer(analyzer=word_ngrams, min_df=2, sublinear_tf=True)
    features = hstack([chars.fit_transform(texts), words.fit_transform(tokens)]).tocsr()
    reference = LinearSVC(C=0.3, random_state=0).fit(features, intents)
    for text, words_of in UNSEEN[:1] + list(zip(texts, tokens, strict=True)):
        score = reference.decision_function(hstack([chars.transform([text]), words.transform([words_of])]).tocsr())[0]
        shares = two.probabilities(text, words_of)
        assert list(shares) == ["account_restore", "credit_report"]
        assert shares["credit_report"] == pytest.approx(1 / (1 + np.exp(-score / 0.2)), abs=1e-9)


def test_it_learns_the_examples_and_reads_an_unseen_platform(model):
    for text, tokens, intent in EXAMPLES:
        found = model.probabilities(text, tokens)
        assert max(found, key=found.get) == intent
    unseen = model.probabilities(*UNSEEN[0])
    assert max(unseen, key=unseen.get) == "credit_report"
    assert sum(unseen.values()) == pytest.approx(1.0)


def test_saved_and_loaded_it_predicts_the_same(model, tmp_path):
    model.save(tmp_path)
    loaded = NgramIntentModel.load(tmp_path)
    for text, tokens in UNSEEN:
        assert loaded.probabilities(text, tokens) == model.probabilities(text, tokens)


def test_weights_that_do_not_fit_the_vocabulary_are_refused(model, tmp_path):
    model.save(tmp_path)
    vocabulary = json.loads((tmp_path / VOCABULARY_FILE).read_text(encoding="utf-8"))
    vocabulary["chars"]["新词"] = len(vocabulary["chars"]) + len(vocabulary["words"])
    (tmp_path / VOCABULARY_FILE).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="do not fit"):
        NgramIntentModel.load(tmp_path)


def test_a_weights_file_holding_pickled_objects_is_not_unpickled(tmp_path, model):
    model.save(tmp_path)
    arrays = dict(np.load(tmp_path / ARRAYS_FILE))
    arrays["coef"] = np.array([{"not": "numbers"}], dtype=object)
    np.savez(tmp_path / ARRAYS_FILE, **arrays)
    with pytest.raises(ValueError, match="pickle"):
        NgramIntentModel.load(tmp_path)


def test_a_temperature_that_is_not_positive_is_refused(model, tmp_path):
    with pytest.raises(ValueError, match="temperature"):
        NgramIntentModel.fit(TEXTS, TOKENS, INTENTS, temperature=0)
    model.save(tmp_path)
    arrays = dict(np.load(tmp_path / ARRAYS_FILE))
    arrays["temperature"] = np.array(-1.0)
    np.savez(tmp_path / ARRAYS_FILE, **arrays)
    with pytest.raises(ValueError, match="temperature"):
        NgramIntentModel.load(tmp_path)


def test_fitting_on_one_intent_is_refused():
    with pytest.raises(ValueError, match="two intents"):
        NgramIntentModel.fit(TEXTS[:3], TOKENS[:3], INTENTS[:3])


def test_blend_weighs_the_second_opinion_and_counts_a_missing_intent_as_zero():
    blended = dict(blend({"a": 0.9, "b": 0.1}, {"b": 0.8, "c": 0.2}, 0.7))
    assert blended == pytest.approx({"a": 0.27, "b": 0.59, "c": 0.14})
    assert [n for n, _ in blend({"a": 0.5}, {"b": 0.5}, 0.5)] == ["a", "b"]  # ties: by name, stable


def test_the_trained_model_ranks_by_the_blend_of_diet_and_its_ngram_model(model_path, tmp_path):
    """The model the servers run: its ranking is 0.7 × the n-gram model's share + 0.3 × DIET's confidence."""
    import jieba
    from rasa.core.agent import Agent

    with tarfile.open(model_path) as archive:
        members = [m for m in archive.getmembers() if m.name.endswith((VOCABULARY_FILE, ARRAYS_FILE))]
        assert len(members) == 2
        for member in members:
            member.name = member.name.rsplit("/", 1)[-1]
            archive.extract(member, tmp_path)
    ngrams = NgramIntentModel.load(tmp_path)
    pipeline = yaml.safe_load(open("config.yml", encoding="utf-8"))["pipeline"]
    weight = next(c["weight"] for c in pipeline if c["name"].endswith("NgramIntentBlend"))
    assert 0.5 <= weight < 1  # the share the README reports; at 0 this test would prove nothing

    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict("bot/nlu/resources/jieba/domain.txt")
    agent = Agent.load(str(model_path))
    for text in ("借呗逾期两天会影响征信吗", "还清了花呗多久能再用", "能晚两天还吗"):
        parsed = asyncio.run(agent.parse_message(text))
        shares = ngrams.probabilities(text, [w for w in tokenizer.lcut(text) if w.strip()])
        ranking = parsed["intent_ranking"]
        assert 0 < len(ranking) <= 10
        assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
        for entry in ranking:
            floor = weight * shares[entry["name"]]
            assert floor - 1e-6 <= entry["confidence"] <= floor + (1 - weight) + 1e-6, (text, entry)
        assert parsed["intent"]["name"] == ranking[0]["name"]
