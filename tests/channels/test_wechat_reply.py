"""WeChat's plain-text rendering, splitting and memory, and the channel's XML and signature checks."""

from __future__ import annotations

import time

import pytest

from bot import wording as w
from bot.channels.wechat import MAX_XML_BYTES, Refused, conversation_id, fresh, read_xml, signed
from bot.channels.wechat_reply import MAX_BYTES, Choice, UserMemory, chosen, render, split
from bot.parts import answer_parts
from bot.privacy import mask_pii

BUTTONS = [{"title": "转人工", "payload": "/human_handoff"}, {"title": "依据", "payload": "/sources"}]


def test_an_answer_shows_its_short_part_and_offers_the_detail_as_1():
    parts = answer_parts("简短的回答。", "详细说明。", ["第一步", "第二步"], "依据：《民法典》第六百七十五条", BUTTONS)
    rendered = render([{"text": "全文", "buttons": BUTTONS, "custom": parts}])
    assert rendered.text.startswith("简短的回答。") and "全文" not in rendered.text
    assert "1. " + w.WECHAT_DETAIL_TITLE in rendered.text and "2. 转人工" in rendered.text
    detail = rendered.choices["1"].text
    assert "详细说明。" in detail and "1. 第一步" in detail and detail.endswith("第六百七十五条")
    assert rendered.choices["3"] == Choice("依据", payload="/sources")


def test_messages_without_parts_show_their_text_and_buttons_are_numbered_once():
    rendered = render([{"text": "甲", "buttons": BUTTONS}, {"text": "乙", "buttons": BUTTONS[:1]}])
    assert rendered.text.startswith("甲\n\n乙") and list(rendered.choices) == ["1", "2"]
    assert render([{"text": "只有文字"}]).text == "只有文字"


def test_the_plan_table_is_shown_as_its_text():
    plan = {"kind": "repayment_plan", "rows": [], "limit": 0, "text": "方案  每月\n一次性还清  100"}
    assert render([{"custom": plan}]).text == plan["text"]


@pytest.mark.parametrize("text", ["债" * 3000, ("一行字。\n" * 900), "a" * 5000, "债a\n" * 1000 + "🙂" * 700])
def test_split_keeps_every_character_within_the_byte_limit(text):
    pieces = split(text)
    assert all(len(p.encode("utf-8")) <= MAX_BYTES for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.strip().replace("\n", "")


def test_a_choice_is_only_a_bare_digit():
    choices = {"1": Choice("a", text="x"), "12": Choice("b", payload="/y")}
    assert chosen(" 1 ", choices).text == "x" and chosen("12。", choices).payload == "/y"
    assert chosen("1天", choices) is None and chosen("3", choices) is None and chosen("", choices) is None


def test_memory_pages_pieces_and_forgets_after_its_time(monkeypatch):
    memory = UserMemory(ttl=60)
    memory.keep("u", ["p1", "p2"])
    assert memory.next_piece("u") == "p1" and memory.has_more("u")
    assert memory.next_piece("u") == "p2" and memory.next_piece("u") is None
    memory.offer("u", {"1": Choice("a", text="x")})
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 61)
    assert memory.choices("u") == {}


def test_a_new_reply_replaces_what_an_old_one_left_and_a_late_one_goes_first():
    memory = UserMemory()
    memory.keep("u", ["old-2", "old-3"])
    memory.replace("u", ["new-2"])
    assert memory.next_piece("u") == "new-2" and memory.next_piece("u") is None
    memory.replace("u", ["b"])
    memory.keep("u", ["late answer"], front=True)
    assert memory.next_piece("u") == "late answer" and memory.next_piece("u") == "b"
    memory.replace("u", [])
    assert not memory.has_more("u")


def test_memory_is_bounded():
    memory = UserMemory(size=3)
    for i in range(10):
        memory.offer(f"u{i}", {"1": Choice("a", text="x")})
    assert memory.choices("u0") == {} and memory.choices("u9")


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE xml [<!ENTITY a "x">]><xml><A>&a;</A></xml>',
        b'<!DOCTYPE xml SYSTEM "http://example.invalid/x.dtd"><xml/>',
        b"<xml><A>",
        b"<root/>",
        b"",
        b"\xff\xfe<xml/>",
    ],
)
def test_unsafe_or_malformed_xml_is_refused(body):
    with pytest.raises(Refused) as refused:
        read_xml(body)
    assert refused.value.status == 400


def test_oversized_xml_is_refused_before_parsing():
    with pytest.raises(Refused) as refused:
        read_xml(b"<xml>" + b"a" * MAX_XML_BYTES + b"</xml>")
    assert refused.value.status == 413


def test_plain_xml_is_read():
    assert read_xml("<xml><MsgType><![CDATA[text]]></MsgType><Content>你好</Content></xml>") == {
        "MsgType": "text",
        "Content": "你好",
    }


def test_a_timestamp_must_be_recent_and_numeric():
    now = time.time()
    assert fresh(str(int(now)), now) and fresh(str(int(now) - 290), now)
    assert not fresh(str(int(now) - 310), now) and not fresh("12a", now) and not fresh(None, now)
    assert not fresh("9" * 40, now)


def test_conversation_ids_are_stable_distinct_letters_and_never_look_personal():
    ids = {conversation_id("wx", "app", f"o-{i}") for i in range(2000)}
    assert len(ids) == 2000 and conversation_id("wx", "app", "o-1") == conversation_id("wx", "app", "o-1")
    assert conversation_id("wx", "app", "o-1") != conversation_id("wx", "other", "o-1")
    assert all(i.isalpha() and i.islower() and mask_pii(i) == i for i in ids)


def test_signatures_match_wechats_and_refuse_anything_else():
    from wechatpy.utils import WeChatSigner

    signer = WeChatSigner()
    signer.add_data("token", "1700000000", "nonce")
    assert signed("token", signer.signature, "1700000000", "nonce")
    assert not signed("token", signer.signature.upper(), "1700000000", "nonce")
    assert not signed("token", signer.signature, "1700000001", "nonce")
    assert not signed("token", None, "1700000000", "nonce") and not signed("", signer.signature, "x")
    assert not signed("token", "签名", "1700000000", "nonce")
