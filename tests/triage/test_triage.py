"""Triage as plain Python: priority with reasons, flags, summary, and a conversation as a whole."""

import pytest

from bot.triage import Reading, triage_conversation, triage_message
from bot.triage.flags import DISTRESS, HARDSHIP, SEVERAL_LENDERS


def triage(text: str, intent: str | None = None, confidence: float = 0.9):
    return triage_message(Reading(text, intent, confidence))


@pytest.mark.parametrize(
    "text",
    ["催收的人把我关在小黑屋里不让走", "我真的不想活了", "他们说要砍我全家", "我站在楼顶上，催收电话还在响"],
)
def test_a_sign_of_crisis_is_p1_whatever_the_intent(text):
    result = triage(text, "harassment")
    assert result.priority == "P1" and result.reasons[0].startswith("危机信号")


def test_the_classifier_alone_makes_p1_only_when_it_is_sure():
    assert triage("判决书下来了，让我十天内还清", "crisis", 0.35).priority == "P2"
    assert triage("我撑不下去了", "crisis", 0.9).priority == "P1"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("收到传票下周开庭", "收到法院文书或开庭通知"),
        ("工资卡被冻结了", "强制执行、冻结或失信"),
        ("律师函说五天内不还就起诉", "律师函给了期限"),
        ("催收爆了我的通讯录", "催收骚扰或威胁"),
        ("催收说要去我公司闹", "催收骚扰或威胁"),
    ],
)
def test_legal_steps_deadlines_and_abuse_are_p2_with_their_reason(text, reason):
    result = triage(text, "overdue_consequences")
    assert result.priority == "P2" and reason in result.reasons


def test_a_p2_topic_without_a_sign_gives_the_topic_as_reason():
    assert triage("这样合法吗", "harassment").reasons == ["催收骚扰"]


@pytest.mark.parametrize("text", ["花呗逾期两天会上征信吗", "律师函是真的吗", "借呗额度被冻结了还能用吗"])
def test_ordinary_questions_are_p3(text):
    assert triage(text, "credit_report").priority == "P3"


def test_flags_read_hardship_distress_and_several_lenders():
    result = triage("失业半年了，借呗花呗微粒贷都逾期，每天晚上睡不着", "negotiate_repayment")
    assert set(result.flags) == {HARDSHIP, DISTRESS, SEVERAL_LENDERS}
    assert triage("花呗逾期一天", "credit_report").flags == []


def test_the_summary_gives_the_facts_and_masks_numbers():
    result = triage("借呗逾期45天欠了两万三，收到律师函说7天内不还就起诉，我电话13812345678", "lawyer_letter")
    assert result.summary.startswith("借呗｜欠23,000元｜逾期45天｜收到：律师函｜问：收到律师函怎么办")
    assert "13812345678" not in result.summary and "手机号已隐藏" in result.summary


def test_entities_are_kept_and_masked():
    reading = Reading("x", "inform", 0.9, [{"entity": "platform", "value": "身份证110101199003074514"}])
    assert "110101199003074514" not in str(triage_message(reading).entities)


def test_a_conversation_takes_its_highest_priority_and_its_last_question():
    readings = [
        Reading("借呗欠了两万", "inform", 0.9),
        Reading("法院寄来了传票", "court_procedure", 0.9),
        Reading("还有，逾期会上征信吗", "credit_report", 0.8),
        Reading("好的谢谢", "thank", 0.99),
    ]
    result = triage_conversation(readings)
    assert result.priority == "P2" and result.intent == "credit_report" and result.confidence == 0.8
    assert "借呗｜欠20,000元" in result.summary and "收到：法院文书" in result.summary


def test_an_empty_conversation_is_p3_with_nothing_to_say():
    result = triage_conversation([Reading("  ")])
    assert result.priority == "P3" and result.intent is None and result.summary == ""
