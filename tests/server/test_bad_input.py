"""Bad input gets a clear answer or a 4xx, never a 500, and the conversation goes on."""

import json

import pytest

pytestmark = pytest.mark.server


def still_talking(bot, sender):
    replies = bot.say(sender, "逾期记录多久能消")
    assert "5年" in "".join(r.get("text", "") for r in replies)


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "😀😀😀",
        "How do I repay my credit card?",
        "借呗" * 10_000,
        "<script>alert(1)</script>",
        "'; DROP TABLE events; --",
        "{{7*7}}",
        "\u202e反转文字",
    ],
)
def test_odd_messages_get_an_answer(bot, sender, message):
    reply = bot.send(sender, message)
    assert reply.status_code == 200, reply.text
    replies = reply.json()
    assert replies and all(r.get("text") for r in replies), replies
    still_talking(bot, sender)


def test_empty_message_is_answered_with_a_prompt(bot, sender):
    assert "没有输入内容" in bot.say(sender, "")[0]["text"]


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"[1, 2, 3]", "application/json", 400),
        (b'"just a string"', "application/json", 400),
        (b"not json at all", "application/json", 400),
        (b"sender=a&message=hi", "application/x-www-form-urlencoded", 415),
        (json.dumps({"sender": "x", "message": "hi"}).encode(), "text/plain", 415),
        (json.dumps({"sender": "有空格 和<>", "message": "hi"}).encode(), "application/json", 400),
        (json.dumps({"sender": "x", "message": 123}).encode(), "application/json", 400),
        (json.dumps({"sender": "x", "message": "长" * 60_000}).encode(), "application/json", 413),
    ],
)
def test_malformed_requests_get_a_4xx_with_a_reason(bot, sender, body, content_type, status):
    reply = bot.post_raw(body, content_type)
    assert reply.status_code == status
    assert reply.json()["error"]
    still_talking(bot, sender)


def test_a_conversation_survives_bad_input_in_the_middle(bot, sender):
    bot.say(sender, "借呗欠了两万三")
    bot.post_raw(b"[]")
    bot.say(sender, "\x00")
    assert bot.tracker(sender)["slots"]["amount"] == 23000
    still_talking(bot, sender)
