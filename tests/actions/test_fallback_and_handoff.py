"""action_topic_fallback and action_request_human in-process."""

from actions.fallback import ActionTopicFallback
from actions.handoff import ActionRequestHuman
from bot import tickets, wording
from tests.actions.conftest import payloads, run, text_of, tracker, user

UNSURE = [
    {"name": "nlu_fallback", "confidence": 0.4},
    {"name": "credit_report", "confidence": 0.31},
    {"name": "third_party", "confidence": 0.2},
    {"name": "greet", "confidence": 0.1},
]


def test_an_unclear_message_is_forgotten_and_the_likeliest_topics_offered():
    messages, events = run(ActionTopicFallback(), tracker("嗯那个就是", "nlu_fallback", 0.4, ranking=UNSURE))
    assert "没太看明白" in messages[0]["text"]
    assert payloads(messages)[:2] == ["/credit_report", "/third_party"]
    assert events == [{"event": "rewind", "timestamp": None}]


def test_a_possible_crisis_among_the_guesses_gets_the_crisis_answer():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "crisis", "confidence": 0.3}]
    t = tracker("撑不下去了", "nlu_fallback", 0.4, ranking=ranking, sender="crisis-in-fallback")
    messages, events = run(ActionTopicFallback(), t)
    [ticket] = tickets.active_tickets("crisis-in-fallback")
    assert ticket.priority == "P1" and f"编号 {ticket.id}" in messages[1]["text"]  # a person will look first
    assert messages[:1] == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_crisis",
            "response": "utter_crisis",
            "image": None,
            "attachment": None,
        }
    ]
    assert events == []


def test_figures_without_a_clear_intent_get_the_overdue_cost():
    t = tracker("5000块逾期10天", "nlu_fallback", 0.4, slots={"platform": "借呗"}, ranking=UNSURE)
    messages, events = run(ActionTopicFallback(), t)
    assert "5,000.00元" in text_of(messages) and "10天" in text_of(messages)
    assert {"event": "rewind", "timestamp": None} not in events


def test_a_budget_and_a_debt_start_the_planning_form():
    t = tracker("欠了两万，每月工资五千", "nlu_fallback", 0.4, ranking=UNSURE)
    messages, events = run(ActionTopicFallback(), t)
    assert "算一算" in messages[0]["text"]
    assert {"event": "slot", "timestamp": None, "name": "plan_requested", "value": True} in events
    assert not any(e["event"] == "followup" for e in events)  # data/rules.yml starts the form, not the action


def test_a_request_for_a_person_is_recorded_masked_with_the_topic():
    earlier = [
        user("催收天天打我电话13812345678", "harassment"),
        user("他们说要找我家人，身份证110101199003071234", "third_party"),
    ]
    t = tracker("转人工", "human_handoff", earlier=earlier, sender="handoff-in-process")
    messages, events = run(ActionRequestHuman(), t)
    [ticket] = tickets.active_tickets("handoff-in-process")
    assert f"编号 {ticket.id}" in messages[0]["text"] and "110" in messages[0]["text"]
    assert "不用再重复" in messages[0]["text"] and "北京时间" in messages[0]["text"]
    assert ticket.category == "third_party"  # the last thing asked before the request itself
    assert ticket.priority == "P2" and ticket.opened_because == "user_request"  # 「催收天天打我电话」 is harassment
    said = " ".join(line["text"] for line in ticket.as_dict()["transcript"])
    assert "催收天天打我电话" in said and "13812345678" not in said and "110101199003071234" not in said
    assert "13812345678" not in ticket.summary and "110101199003071234" not in ticket.summary
    assert events == [{"event": "pause", "timestamp": None}]  # quiet until an agent hands the conversation back


def test_the_third_unclear_message_in_a_row_goes_to_a_person():
    rephrase = {"event": "bot", "text": wording.REPHRASE}
    answer = {"event": "bot", "text": "逾期记录保存5年"}
    earlier = [answer, rephrase, {"event": "rewind"}, rephrase, {"event": "rewind"}]
    t = tracker("就是那个", "nlu_fallback", 0.4, ranking=UNSURE, earlier=earlier, sender="unclear-thrice")
    messages, events = run(ActionTopicFallback(), t)
    assert "转给人工客服" in messages[0]["text"] and "已为您登记人工服务" in messages[1]["text"]
    assert events == [{"event": "pause", "timestamp": None}]
    [ticket] = tickets.active_tickets("unclear-thrice")
    assert ticket.opened_because == tickets.LOW_CONFIDENCE


def test_two_unclear_messages_still_get_the_topics():
    earlier = [{"event": "bot", "text": wording.REPHRASE}]
    messages, _ = run(ActionTopicFallback(), tracker("嗯", "nlu_fallback", 0.4, ranking=UNSURE, earlier=earlier))
    assert "没太看明白" in messages[0]["text"]
