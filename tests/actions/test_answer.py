"""action_answer_topic in-process: what it says and which slots it sets, against the real KB."""

import pytest

from actions.answer import ActionAnswerTopic, ActionOutOfScope
from actions.kb import KB
from bot import db
from bot.kb.compose import compose
from bot.wording import KB_DOWN, PLATFORM_QUESTION
from tests.actions.conftest import payloads, run, slots_set, text_of, tracker


def shown(last_answer: str, platform: str | None = None) -> str:
    """The text the KB gives for a last_answer value ("topic" or "q:<id>")."""
    snapshot = KB.snapshot()
    if last_answer.startswith("q:"):
        resolved = snapshot.resolve_question(last_answer[2:], platform)
    else:
        resolved = snapshot.resolve(last_answer, platform)
    return compose(resolved, None).text


def test_a_topic_question_gets_the_kb_answer_it_records_as_last_answer():
    messages, events = run(ActionAnswerTopic(), tracker("被起诉了会坐牢吗", "lawsuit_risk"))
    last = slots_set(events)["last_answer"]
    assert last == "lawsuit_risk" or last.startswith("q:")
    assert messages[0]["text"] == shown(last)
    assert '/lawsuit_risk{"view": "sources"}' in payloads(messages)
    assert slots_set(events)["pending_topic"] is None


def test_the_platform_is_asked_only_where_the_answer_differs_by_platform():
    messages, events = run(ActionAnswerTopic(), tracker("还清以后额度多久能恢复", "account_restore"))
    assert messages[0]["text"] == PLATFORM_QUESTION
    assert '/inform{"platform": "花呗"}' in payloads(messages)
    assert slots_set(events) == {"pending_topic": "account_restore"}
    # The same legal answer for every lender: no question first.
    messages, events = run(ActionAnswerTopic(), tracker("收到法院传票不去会怎样", "court_procedure"))
    assert messages[0]["text"] != PLATFORM_QUESTION
    assert "pending_topic" in slots_set(events) and slots_set(events)["pending_topic"] is None


def test_the_answer_to_our_platform_question_is_the_platforms_answer():
    t = tracker("借呗", "inform", slots={"pending_topic": "account_restore", "platform": "借呗"})
    messages, events = run(ActionAnswerTopic(), t)
    last = slots_set(events)["last_answer"]
    assert messages[0]["text"] == shown(last, "借呗")
    assert "借呗" in messages[0]["text"]


def test_a_quantity_question_gets_the_overdue_cost_once_the_platform_is_known():
    messages, events = run(ActionAnswerTopic(), tracker("3000块逾期五天", "inform"))
    assert messages[0]["text"] == PLATFORM_QUESTION  # the rate depends on the platform
    assert slots_set(events)["pending_topic"] == "penalty_interest"
    t = tracker("3000块逾期五天", "inform", slots={"platform": "花呗"})
    messages, events = run(ActionAnswerTopic(), t)
    assert "3,000.00元" in messages[0]["text"] and "5天" in messages[0]["text"]
    assert '/negotiate_repayment{"calc": "plan"}' in payloads(messages)
    assert slots_set(events) == {"pending_topic": None, "last_answer": "penalty_interest"}


def test_sources_list_the_facts_behind_the_answer_last_shown():
    t = tracker("依据是什么", "lawsuit_risk", slots={"last_answer": "lawsuit_risk"})
    messages, _ = run(ActionAnswerTopic(), t)
    assert "《" in text_of(messages)  # a law or regulation by name
    assert messages[0]["text"] != shown("lawsuit_risk")


def test_without_a_stored_kb_the_user_is_told_and_nothing_is_made_up(tmp_path, monkeypatch):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    db.create_schema(empty)
    monkeypatch.setenv("ZHAIDA_DATABASE_URL", empty)
    monkeypatch.setattr(KB, "_snapshot", None)
    messages, _ = run(ActionAnswerTopic(), tracker("被起诉了会坐牢吗", "lawsuit_risk"))
    assert text_of(messages) == KB_DOWN


@pytest.mark.parametrize("text", ["", " ", "😀" * 500, "a" * 5000])
def test_odd_text_never_raises(text):
    messages, _ = run(ActionAnswerTopic(), tracker(text, "overdue_consequences"))
    assert messages and messages[0]["text"]


def test_off_the_subject_gets_the_out_of_scope_answer_but_a_sources_request_gets_the_sources():
    messages, events = run(ActionOutOfScope(), tracker("今天天气怎么样", "out_of_scope"))
    assert [m.get("response") for m in messages] == ["utter_out_of_scope"] and events == []
    # 「依据是什么」 names no debt, so the NLU may call it off-topic; after an answer it asks for its sources.
    messages, _ = run(ActionOutOfScope(), tracker("依据是什么", "out_of_scope", slots={"last_answer": "credit_report"}))
    assert (
        messages[0]["text"].startswith("刚才那条回答，每句话的依据如下") and "《征信业管理条例》" in messages[0]["text"]
    )
    # With no answer given yet there is nothing to source: the out-of-scope answer.
    messages, _ = run(ActionOutOfScope(), tracker("依据是什么", "out_of_scope"))
    assert [m.get("response") for m in messages] == ["utter_out_of_scope"]
