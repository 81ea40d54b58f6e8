"""Specific questions: grounded answers, retrieval, and when the bot asks before answering."""

from decimal import Decimal

import pytest

from bot import db
from bot.kb import content, store
from bot.kb.choose import choose, clauses
from bot.kb.question_index import QuestionIndex, mentioned_platform
from bot.kb.repository import KnowledgeBase
from bot.plan.quick_cost import overdue_cost_text, quantities
from bot.topics import DEBT_TOPICS

from .conftest import KB_DIR


@pytest.fixture(scope="module")
def loaded():
    return content.load(KB_DIR)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    db.create_schema(url)
    store.sync(content.load(KB_DIR), url)
    return KnowledgeBase(url).snapshot()


def test_at_least_forty_questions_each_grounded_sentence_by_sentence(loaded):
    assert len(loaded.questions) >= 40
    for question in loaded.questions.values():
        assert question.answer.intent in DEBT_TOPICS
        assert len(question.asks) >= 3
        assert question.answer.claims and all(c.facts or c.guidance for c in question.answer.claims)


def test_questions_are_stored_and_read_back(loaded, snapshot):
    assert set(snapshot.questions) == set(loaded.questions)
    some = next(iter(loaded.questions.values()))
    assert snapshot.questions[some.id].answer.short == some.answer.short
    assert snapshot.resolve_question(some.id).specific


def test_a_question_asked_in_its_own_words_is_found(loaded):
    """Each question's first paraphrase retrieves that question (or one of the same topic and platform)."""
    index = QuestionIndex(loaded.questions.values())
    misses = []
    for q in loaded.questions.values():
        match = index.find(q.asks[0], [q.answer.intent], q.answer.platform)
        if match is None or match.question.id != q.id:
            misses.append((q.id, match.question.id if match else None))
    assert len(misses) <= len(loaded.questions) // 10, misses


def test_a_question_for_another_platform_is_never_returned(loaded):
    index = QuestionIndex(loaded.questions.values())
    for q in loaded.questions.values():
        if q.answer.platform:
            other = "借呗" if q.answer.platform == "花呗" else "花呗"
            match = index.find(q.asks[0].replace(q.answer.platform, other), None, other)
            assert match is None or match.question.answer.platform in (None, other)


@pytest.mark.parametrize("text, platform", [("花贝逾期了", "花呗"), ("借吧还不上", "借呗"), ("我逾期了", None)])
def test_platforms_are_read_from_any_spelling(text, platform):
    assert mentioned_platform(text) == platform


def test_the_platform_is_asked_only_where_the_answer_differs(snapshot):
    differing = {t for t, p in snapshot.answers if p}
    for topic in DEBT_TOPICS:
        general = snapshot.answers[(topic, None)]
        choice = choose(snapshot, "想问一下", topic, [(topic, 0.9)], None, asked_before=False)
        if choice.question is None:
            assert choice.ask_platform == (general.ask == "platform" and topic in differing), topic
        # Once asked, or with a platform known, never again.
        assert not choose(snapshot, "想问一下", topic, [(topic, 0.9)], None, asked_before=True).ask_platform
        assert not choose(snapshot, "想问一下", topic, [(topic, 0.9)], "花呗", asked_before=False).ask_platform


def test_a_specific_question_is_answered_without_asking(snapshot, loaded):
    q = next(q for q in loaded.questions.values() if q.answer.platform is None)
    choice = choose(snapshot, q.asks[0], q.answer.intent, [(q.answer.intent, 0.9)], None, asked_before=False)
    assert choice.question is not None and not choice.ask_platform


def test_several_questions_in_one_message_offer_the_others_as_buttons(snapshot, loaded):
    questions = [q for q in loaded.questions.values() if q.answer.platform is None]
    first = next(q for q in questions if q.answer.intent == "credit_report")
    second = next(q for q in questions if q.answer.intent == "penalty_interest")
    text = f"{first.asks[0]}？还有，{second.asks[0]}？"
    assert len(clauses(text)) >= 2
    choice = choose(snapshot, text, "credit_report", [("credit_report", 0.8), ("penalty_interest", 0.1)], None, False)
    assert choice.question is not None and choice.question.answer.intent == "credit_report"
    assert [b["title"] for b in choice.others] == [second.asks[0]]
    assert choice.others[0]["payload"] == second.asks[0]


@pytest.mark.parametrize(
    "text, amount, days",
    [
        ("3000块逾期五天", "3000", 5),
        ("欠12000逾期一周要多交多少", "12000", 7),
        ("花呗5000逾期一个月利息多少", "5000", 30),
    ],
)
def test_quantity_questions_are_read(text, amount, days):
    q = quantities(text)
    assert q.amount == Decimal(amount) and q.days == days


def test_no_quantity_question_without_both_figures():
    assert quantities("借呗逾期3天") is None and quantities("两万逾期多少钱") is None


def test_the_overdue_cost_is_computed_with_the_kb_rate_and_its_sources(snapshot):
    text = overdue_cost_text(snapshot, quantities("3000块逾期五天", "花呗"))
    assert "7.50元" in text and "3,007.50元" in text and "日利率0.05%" in text
    assert "常见公开信息" in text and "依据：" in text and "第六百七十六条" in text


def test_a_platform_without_a_kb_rate_gets_the_labelled_estimate(snapshot):
    text = overdue_cost_text(snapshot, quantities("欠12000逾期一周要多交多少", "借呗"))
    assert "按年化24%估算" in text and "55.23元" in text and "法发〔2017〕22号" in text


def test_a_close_match_corrects_a_product_topic_but_never_a_safety_or_legal_one(snapshot, loaded):
    q = loaded.questions["repay_when_account_closed"]
    wrong = [("penalty_interest", 0.9)]  # an NLU mistake whose topic holds nothing close to the message
    choice = choose(snapshot, q.asks[0], "penalty_interest", wrong, None, asked_before=False)
    assert choice.question and choice.question.id == q.id and choice.topic == "repayment_channels"
    for topic in ("harassment", "lawsuit_risk", "verify_notice"):
        choice = choose(snapshot, q.asks[0], topic, [(topic, 0.9)], None, asked_before=False)
        assert choice.question is None and choice.topic == topic
    # Nor does a lower-ranked product topic's question replace a legal topic's answer.
    ranking = [("lawsuit_risk", 0.9), ("overdue_consequences", 0.05), ("account_restore", 0.03)]
    choice = choose(snapshot, "借呗逾期会不会影响花呗 会不会坐牢", "lawsuit_risk", ranking, None, asked_before=False)
    assert choice.question is None and choice.topic == "lawsuit_risk"
