"""Personal numbers never reach the tracker store or tickets; a human can be asked for."""

import json

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.server

SECRETS = ("110101199003071234", "13812345678", "6222020212345678901")


def stored_text(database_url: str, sender: str) -> str:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events WHERE sender_id = :s"), {"s": sender}).fetchall()
    engine.dispose()
    # Events are stored as JSON with \u escapes; compare decoded text.
    return "\n".join(json.dumps(json.loads(row[0]), ensure_ascii=False) for row in rows)


def test_identifiers_are_masked_before_the_tracker_store(bot, sender):
    bot.say(sender, f"我身份证{SECRETS[0]}，手机{SECRETS[1]}，卡号{SECRETS[2]}，借呗逾期了怎么办")
    stored = stored_text(bot.database_url, bot.conversation_id(sender))
    assert stored, "the conversation was not stored"
    for secret in SECRETS:
        assert secret not in stored
    assert "身份证号已隐藏" in stored


def test_asking_for_a_human_opens_a_request_with_a_masked_summary(bot, sender):
    bot.say(sender, f"催收天天打我电话{SECRETS[1]}")
    replies = bot.say(sender, "转人工")
    answer = "".join(r.get("text", "") for r in replies)
    assert "已为您登记人工服务" in answer
    engine = create_engine(bot.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, summary || transcript, status, category FROM tickets WHERE conversation_id = :s"),
            {"s": bot.conversation_id(sender)},
        ).fetchall()
    engine.dispose()
    assert len(rows) == 1
    number, summary, status, intent = rows[0]
    assert f"编号 {number}" in answer
    assert status == "open" and intent == "harassment"
    assert "催收天天打我电话" in summary and SECRETS[1] not in summary


def test_a_new_ticket_reaches_the_helpdesk_signed_and_masked(bot, sender, helpdesk):
    import hmac

    from tests.helpdesk import SECRET

    bot.say(sender, f"法院寄来传票了，我电话{SECRETS[1]}")
    bot.say(sender, "转人工")
    conversation = bot.conversation_id(sender)
    [posted] = helpdesk.wait_for(lambda body: body["ticket"]["conversation_id"] == conversation)
    ticket = posted["json"]["ticket"]
    assert posted["json"]["event"] == "ticket.opened" and ticket["priority"] == "P2"
    assert ticket["category"] == "court_procedure" and "收到：法院文书" in ticket["summary"]
    assert SECRETS[1] not in posted["body"].decode() and "transcript" not in ticket
    assert posted["signature"] == "sha256=" + hmac.new(SECRET.encode(), posted["body"], "sha256").hexdigest()
