"""A stored conversation as the widget re-draws it (bot/channels/history.py)."""

from bot.channels.history import messages

PARTS = {"kind": "answer", "short": "短", "detail": "", "steps": [], "sources": "", "buttons": []}
EVENTS = [
    {"event": "action", "name": "action_session_start"},
    {"event": "user", "text": "借呗逾期了", "metadata": {"client": "web", "cid": "c-1"}},
    {
        "event": "bot",
        "text": "全文",
        "data": {"buttons": [{"title": "对征信的影响", "payload": "/credit_report"}], "custom": PARTS},
    },
    {"event": "slot", "name": "last_answer", "value": "overdue_consequences"},
    {"event": "user", "text": "/credit_report", "metadata": {}},
    {"event": "bot", "text": "征信的回答", "data": {}},
    {"event": "user", "text": ""},
    {"event": "bot", "text": None, "data": {"custom": {"kind": "repayment_plan", "rows": []}}},
]


def test_messages_are_user_and_bot_turns_in_order_with_their_parts():
    shown = messages(EVENTS)
    assert [m["from"] for m in shown] == ["user", "bot", "user", "bot", "bot"]
    assert shown[0] == {"from": "user", "text": "借呗逾期了", "cid": "c-1"}
    assert shown[1]["custom"] == PARTS and shown[1]["buttons"] == [
        {"title": "对征信的影响", "payload": "/credit_report"}
    ]
    assert shown[4]["custom"]["kind"] == "repayment_plan"


def test_a_button_payload_is_shown_as_the_button_title():
    assert messages(EVENTS)[2]["text"] == "对征信的影响"


def test_only_the_last_messages_are_kept():
    many = [{"event": "user", "text": f"第{i}条"} for i in range(500)]
    shown = messages(many, limit=200)
    assert len(shown) == 200 and shown[0]["text"] == "第300条" and shown[-1]["text"] == "第499条"
