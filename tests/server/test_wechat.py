"""The WeChat Official Account and WeCom channels, through the running servers, with messages built and
signed as WeChat sends them (tests/wechat_peer.py uses wechatpy's own crypto)."""

from __future__ import annotations

import random
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import local_servers
from bot import wording as w
from bot.channels.wechat import conversation_id
from tests import wechat_peer as wp

pytestmark = pytest.mark.server

ISSUE_QUESTION = "借呗逾期收到律师函怎么办"


@pytest.fixture(scope="module")
def oa(servers) -> wp.OfficialAccount:
    return wp.OfficialAccount(servers.base)


@pytest.fixture
def openid() -> str:
    return f"o{uuid.uuid4().hex[:27]}"


def user_texts(bot, openid: str) -> list[str]:
    reply = bot.api("GET", f"/conversations/{conversation_id('wx', wp.APPID, openid)}/tracker")
    assert reply.status_code == 200, reply.text
    return [e.get("text") for e in reply.json()["events"] if e.get("event") == "user"]


def choice_number(content: str, title: str) -> str:
    """The digit that chooses `title` among a reply's numbered choices."""
    return next(m.group(1) for m in re.finditer(r"^(\d+)\. (.+)$", content, flags=re.M) if m.group(2) == title)


def lawyer_letter_flow(oa: wp.OfficialAccount, openid: str, mode: str) -> None:
    """The issue's message gets a passive reply; where the bot first asks how the letter came, the answer follows."""
    first = oa.say(openid, ISSUE_QUESTION, mode)
    assert first.status == 200 and first.xml["MsgType"] == "text"
    assert first.xml["ToUserName"] == openid and first.xml["FromUserName"] == wp.ACCOUNT
    answer = first
    if w.NOTICE_QUESTION in first.content:
        assert "2. 快递寄来的纸质文件" in first.content
        answer = oa.say(openid, "2", mode)
    assert "律师函" in answer.content and "回复数字" in answer.content
    assert "1. 看详细" in answer.content and "转人工" in answer.content
    assert len(answer.content.encode("utf-8")) <= 2048
    detail = oa.say(openid, "1", mode).content
    while detail.endswith(w.WECHAT_MORE):  # the detail runs over one message: 「0」 pages on
        assert len(detail.encode("utf-8")) <= 2048
        detail += oa.say(openid, "0", mode).content
    assert "律所" in detail and "依据：" in detail and "下一步" in detail


def test_a_new_question_drops_the_pages_left_from_the_last_answer(oa, openid):
    oa.say(openid, ISSUE_QUESTION)
    oa.say(openid, "2")
    detail = oa.say(openid, "1").content
    assert detail.endswith(w.WECHAT_MORE)  # the detail of the mailed-letter answer runs over one message
    fresh_answer = oa.say(openid, "花呗逾期一天会怎样").content
    if not fresh_answer.endswith(w.WECHAT_MORE):
        assert oa.say(openid, "0").content == w.WECHAT_NOTHING_MORE


def test_url_verification_echoes_only_for_a_valid_signature(oa):
    params = oa.query("o-verify")
    assert oa.http.get(oa.url, params={**params, "echostr": "e-12345"}, timeout=30).text == "e-12345"
    forged = {**params, "signature": "0" * 40, "echostr": "e-12345"}
    assert oa.http.get(oa.url, params=forged, timeout=30).status_code == 403
    stale = oa.query("o-verify", timestamp=str(int(time.time()) - 3600))
    assert oa.http.get(oa.url, params={**stale, "echostr": "x"}, timeout=30).status_code == 403


@pytest.mark.parametrize("mode", ["raw", "aes"])
def test_the_issue_question_gets_a_passive_reply(oa, openid, mode):
    lawyer_letter_flow(oa, openid, mode)


def test_a_numbered_choice_asks_the_bot_and_the_turn_is_stored_masked(oa, bot, openid):
    first = oa.say(openid, "花呗逾期了两天会上征信吗？我电话13812345678")
    assert "回复数字" in first.content
    number = choice_number(first.content, "怎样算逾期")
    second = oa.say(openid, number)
    assert second.status == 200 and second.content and second.content != first.content
    said = user_texts(bot, openid)
    assert len(said) == 2 and "13812345678" not in said[0] and said[1].startswith("/")


@pytest.mark.parametrize("query", ["forged", "stale", "missing"])
def test_a_forged_or_stale_post_is_refused_and_not_processed(oa, bot, openid, query):
    params = oa.query(openid)
    if query == "forged":
        params["signature"] = "f" * 40
    elif query == "stale":
        params = oa.query(openid, timestamp=str(int(time.time()) - 3600))
    else:
        params = {"openid": openid}
    reply = oa.post(wp.message_xml(openid, Content="你好"), openid, query=params)
    assert reply.status == 403
    assert user_texts(bot, openid) == []


def test_safe_mode_with_a_wrong_message_signature_is_refused(oa, openid):
    params = oa.query(openid)
    sealed = wp.fields_of(oa.crypto.encrypt_message(wp.message_xml(openid, Content="你好"), params["nonce"]))
    body = f"<xml><ToUserName>{wp.cdata(wp.ACCOUNT)}</ToUserName><Encrypt>{wp.cdata(sealed['Encrypt'])}</Encrypt></xml>"
    params.update(encrypt_type="aes", msg_signature="0" * 40)
    assert oa.http.post(oa.url, params=params, data=body.encode(), timeout=30).status_code == 403


def test_wechat_retries_of_one_msgid_make_one_turn(oa, bot, openid):
    msg_id = random.randrange(10**15, 10**16)
    xml = wp.message_xml(openid, "text", msg_id, Content="信用卡逾期三个月了会坐牢吗")
    with ThreadPoolExecutor(4) as pool:  # the first delivery and WeChat's three retries, overlapping
        replies = list(pool.map(lambda _: oa.post(xml, openid), range(4)))
    assert all(r.status == 200 for r in replies)
    contents = {r.content for r in replies if r.content}
    assert len(contents) == 1 and next(iter(contents))
    later = oa.post(xml, openid)  # a retry after the answer went out
    assert later.status == 200 and later.content in contents | {""}
    assert user_texts(bot, openid) == ["信用卡逾期三个月了会坐牢吗"]


def test_a_repayment_plan_comes_as_aligned_text(oa, openid):
    asked = oa.say(openid, "借呗欠了两万三，逾期45天，每月工资六千，房租两千")
    assert "逾期日利率" in asked.content and "回复数字" in asked.content
    number = choice_number(asked.content, "不知道")
    plan = oa.say(openid, number).content
    while plan.endswith(w.WECHAT_MORE):
        plan += "\n" + oa.say(openid, "0").content
    rows = [line for line in plan.splitlines() if "一次性还清" in line or "等额本息" in line]
    assert rows and "23,680.55" in plan and "以贷养贷" in plan
    # Aligned: the figures of every row end at the same display column (right-aligned, by display width).
    from wcwidth import wcswidth

    table = [line for line in plan.splitlines() if line.startswith(("一次性还清", "等额本金", "等额本息"))]
    ends = {wcswidth(line[: list(re.finditer(r"[\d,]+\.\d\d", line))[1].end()]) for line in table}
    assert len(table) >= 2 and len(ends) == 1, table


def test_voice_is_answered_from_its_recognition(oa, openid):
    spoken = oa.post(wp.message_xml(openid, "voice", Recognition="微粒贷逾期了怎么协商还款"), openid)
    assert spoken.status == 200 and "回复数字" in spoken.content
    silent = oa.post(wp.message_xml(openid, "voice", Recognition=""), openid)
    assert silent.content == w.WECHAT_VOICE_UNCLEAR


def test_subscribe_gets_a_welcome_with_topics_and_a_topic_can_be_chosen(oa, openid):
    welcome = oa.post(wp.message_xml(openid, "event", Event="subscribe"), openid, mode="aes")
    assert welcome.content.startswith(w.WECHAT_WELCOME) and "1. 对征信的影响" in welcome.content
    topic = oa.say(openid, "1", mode="aes")
    assert "征信" in topic.content and topic.content != welcome.content
    assert oa.post(wp.message_xml(openid, "event", Event="unsubscribe"), openid).text == "success"


def test_other_message_types_get_a_polite_answer(oa, openid):
    assert oa.post(wp.message_xml(openid, "image"), openid).content == w.WECHAT_UNSUPPORTED


def test_messages_sent_while_a_reply_is_computed_are_queued_not_lost(oa, bot, openid):
    texts = ["借呗逾期了怎么办", "会影响征信吗", "能协商分期吗"]
    with ThreadPoolExecutor(3) as pool:
        replies = list(pool.map(lambda t: oa.say(openid, t), texts))
    assert all(r.status == 200 and r.content for r in replies)
    assert sorted(user_texts(bot, openid)) == sorted(texts)


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><ToUserName>x</ToUserName><FromUserName>o-h</FromUserName>'
        "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&c;</Content><MsgId>1</MsgId></xml>",
        400,
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<xml><FromUserName>o-h</FromUserName><MsgType>text</MsgType><Content>&e;</Content></xml>",
        400,
    ),
    "malformed": ("<xml><Content>unclosed", 400),
    "not xml": ('{"message": "hi"}', 400),
    "deeply nested": ("<xml>" + "<a>" * 50 + "1" + "</a>" * 50 + "</xml>", 400),
    "wrong root": ("<html><body>1</body></html>", 400),
    "oversized": ("<xml><Content>" + "债" * 30_000 + "</Content></xml>", 413),
    "empty": ("", 400),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_xml_is_refused_and_the_server_keeps_answering(oa, openid, name):
    body, status = HOSTILE[name]
    assert oa.post(body, openid).status == status
    assert "回复数字" in oa.say(openid, "花呗逾期一天有影响吗").content


def test_fuzzed_bodies_never_get_a_server_error(oa):
    rng = random.Random(11)
    pieces = ["<xml>", "</xml>", "<MsgType>", "text", "</MsgType>", "<![CDATA[", "]]>", "&amp;", "&#0;", "\x00", "债"]
    statuses = set()
    for _ in range(120):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 20)))
        raw = body.encode("utf-8", "surrogatepass") + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 8)))
        statuses.add(oa.post(raw, "o-fuzz").status)
    assert statuses <= {200, 400}, statuses


def test_wecom_verifies_its_url_and_answers_encrypted(servers):
    app = wp.WeComApp(servers.base)
    assert app.verify("echo-wecom-1").text == "echo-wecom-1"
    reply = app.say("zhangsan", ISSUE_QUESTION)
    assert reply.status == 200 and reply.xml["ToUserName"] == "zhangsan" and "回复数字" in reply.content


@pytest.fixture(scope="module")
def slow_servers(tmp_path_factory, model_path, wechat_api):
    """A second pair of servers whose passive budget is zero: every answer takes the slow path."""
    env = {"ZHAIDA_WECHAT_PASSIVE_SECONDS": "0", **wp.env(wechat_api.base)}
    try:
        running = local_servers.start(tmp_path_factory.mktemp("slow"), env)
    except local_servers.StartError as error:
        pytest.fail(str(error))
    yield running
    assert running.stop() == 0


def test_a_slow_answer_is_acknowledged_then_sent_through_the_message_api(slow_servers, wechat_api, openid):
    oa = wp.OfficialAccount(slow_servers.base)
    first = oa.say(openid, ISSUE_QUESTION, mode="aes")
    assert first.content == w.WECHAT_WORKING
    sent = wechat_api.wait_for(openid)
    assert sent and "回复数字" in sent[0]["content"] and sent[0]["api"].endswith("/message/custom/send")
    fetches = wechat_api.token_fetches
    # The access token is cached; when WeChat revokes it (40001), it is fetched again and the send retried.
    oa.say(openid, "2")
    assert len(wechat_api.wait_for(openid, 2)) == 2 and wechat_api.token_fetches == fetches
    wechat_api.revoke_token()
    oa.say(openid, "1")
    assert len(wechat_api.wait_for(openid, 3)) == 3 and wechat_api.token_fetches == fetches + 1


def test_a_retry_after_the_acknowledgement_is_silent(slow_servers, wechat_api, openid):
    oa = wp.OfficialAccount(slow_servers.base)
    xml = wp.message_xml(openid, "text", random.randrange(10**15, 10**16), Content="花呗逾期会怎样")
    assert oa.post(xml, openid).content == w.WECHAT_WORKING
    assert oa.post(xml, openid).text == "success"
    assert len(wechat_api.wait_for(openid)) == 1
    time.sleep(1)
    assert len(wechat_api.wait_for(openid)) == 1  # one turn, one delivery


@pytest.mark.browser
def test_a_wechat_exchange_drawn_for_the_readme(oa, openid):
    """The replies of a real exchange, drawn as a phone chat (not a WeChat client) for the operator docs."""
    from tests.server.test_browser import ARGS, CHROMIUM
    from tests.server.test_widget import SHOTS

    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from html import escape

    from playwright.sync_api import sync_playwright

    turns = []
    for text in (ISSUE_QUESTION, "2", "1"):
        turns += [("me", text), ("bot", oa.say(openid, text, mode="aes").content)]
    bubbles = "".join(f'<div class="{who}">{escape(text)}</div>' for who, text in turns)
    html = (
        '<html lang="zh-CN"><meta charset="utf-8"><style>body{margin:0;background:#ededed;font:15px/1.5 sans-serif;'
        "padding:12px}div{max-width:78%;margin:8px 0;padding:8px 12px;border-radius:6px;white-space:pre-wrap}"
        ".me{background:#95ec69;margin-left:auto}.bot{background:#fff}h1{font-size:15px;text-align:center}</style>"
        f"<h1>债答（公众号，安全模式）</h1>{bubbles}</html>"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 780})
        page.set_content(html)
        page.screenshot(path=str(SHOTS / "wechat.png"), full_page=True)
        browser.close()
    assert "律师函" in turns[3][1]


def test_an_agent_reply_reaches_wechat_through_the_message_api(oa, bot, wechat_api, openid):
    from tests.server.test_agent_console import agent_api, ticket_of

    oa.say(openid, "借呗逾期了，催收天天打电话")
    handed = oa.say(openid, "转人工").content
    assert "已为您登记人工服务" in handed
    assert "已经转给人工客服" in oa.say(openid, "还要等多久").content  # paused: told, not silent
    number = ticket_of(bot, conversation_id("wx", wp.APPID, openid))["id"]
    assert agent_api(bot, "POST", f"/tickets/{number}/claim", agent="wx-agent").status_code == 200
    sent = agent_api(bot, "POST", f"/tickets/{number}/reply", agent="wx-agent", json={"text": "您好，我来帮您看看"})
    assert sent.json() == {"ok": True, "delivered": True}
    [pushed] = [m for m in wechat_api.wait_for(openid) if "我来帮您看看" in m["content"]]
    assert pushed["content"].startswith("人工客服：") and pushed["api"].endswith("/message/custom/send")
    assert agent_api(bot, "POST", f"/tickets/{number}/handback", agent="wx-agent").status_code == 200
    assert "回复数字" in oa.say(openid, "逾期记录多久能消").content  # the bot answers again
