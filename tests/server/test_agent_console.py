"""The hand-over end to end: a user's widget and an agent's console open side by side in Chromium; and the
console's API refusing what it must refuse."""

from __future__ import annotations

import time

import pytest
import requests

from tests.conftest import API_TOKEN
from tests.server.test_widget import SHOTS, ask, bot_count, page_session

pytestmark = [pytest.mark.server]
TIMINGS: dict[str, float] = {}


def agent_api(bot, method: str, path: str, agent: str = "小王", token: str | None = API_TOKEN, **kwargs):
    headers = {"X-Zhaida-Agent": requests.utils.quote(agent)}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, f"{bot.base}/agent{path}", headers=headers, timeout=60, **kwargs)


def ticket_of(bot, conversation: str) -> dict:
    listed = agent_api(bot, "GET", "/tickets").json()["tickets"]
    return next(t for t in listed if t["conversation_id"] == conversation)


@pytest.mark.browser
def test_an_agent_takes_over_replies_and_hands_back(browser, host_page, bot):
    user_context = browser.new_context(viewport={"width": 390, "height": 780}, is_mobile=True)
    agent_context = browser.new_context(viewport={"width": 1100, "height": 800})
    user, console = user_context.new_page(), agent_context.new_page()
    try:
        user.goto(host_page.origin)
        user.locator(".launcher").click()
        user.locator(".msg.bot").first.wait_for(timeout=30_000)
        ask(user, "借呗逾期两个月了，欠了一万二，天天被催")

        console.goto(f"{bot.base}/agent/")
        console.fill("#token", API_TOKEN)
        console.fill("#agent", "小王")
        console.click("#login button")

        # The user asks for a person: the bot says what happens next, and the ticket shows in the open console.
        start = time.perf_counter()
        count = bot_count(user)
        user.locator("header button.human").click()
        user.locator(".msg.bot:not(.greeting)").nth(count).wait_for(timeout=60_000)
        assert "已为您登记人工服务" in user.locator(".msg.bot").last.inner_text()
        conversation = page_session(user)
        number = ticket_of(bot, conversation)["id"]
        item = console.locator(f"#tickets li[data-id='{number}']")
        item.wait_for(timeout=30_000)
        TIMINGS["request → ticket in the console"] = time.perf_counter() - start
        assert "借呗" in item.inner_text()
        item.click()
        console.locator("#messages li.user", has_text="借呗逾期两个月了").wait_for(timeout=10_000)

        # The bot is paused: the user's next message reaches the agent, and the user is told so.
        count = bot_count(user)
        user.fill("#input", "我想申请分期，<b>能行吗</b>")
        user.keyboard.press("Enter")
        user.locator(".msg.bot:not(.greeting)").nth(count).wait_for(timeout=60_000)
        assert "已经转给人工客服" in user.locator(".msg.bot").last.inner_text()
        said = console.locator("#messages li.user", has_text="我想申请分期")
        said.wait_for(timeout=10_000)
        assert "<b>能行吗</b>" in said.inner_text()  # user text is shown as text, never as HTML
        assert console.locator("#messages b").count() == 0

        # Claim, reply: the reply appears in the widget, labelled as a person's.
        console.click("#claim")
        console.locator("#ticket-status").wait_for(state="attached")
        console.locator("#send-reply:not([disabled])").wait_for(timeout=10_000)
        count = bot_count(user)
        console.fill("#reply", "您好，我是客服小王。可以先在App里看看有没有分期入口，我帮您一起看。")
        console.click("#send-reply")
        reply = user.locator(".msg.bot.agent", has_text="我是客服小王")
        reply.wait_for(timeout=30_000)
        assert "人工客服" in reply.inner_text()
        user.screenshot(path=str(SHOTS / "handover-widget.png"))
        console.screenshot(path=str(SHOTS / "handover-console.png"), full_page=True)
        assert console.locator("#messages li.user", has_text="转人工").count() >= 1  # the button, by its title

        # Hand back: the widget says so, and the bot answers the next question again.
        console.click("#handback")
        user.locator(".msg.bot", has_text="继续为您解答").wait_for(timeout=30_000)
        count = bot_count(user)
        ask(user, "逾期记录多久能消")
        assert "5年" in user.locator(".msg.bot:not(.greeting)").nth(count).inner_text()
        log = [e["action"] for e in agent_api(bot, "GET", f"/tickets/{number}").json()["log"]]
        assert log == ["opened", "claimed", "replied", "handed_back"]
        # The reply survives a reload, still labelled.
        user.reload()
        user.locator(".msg.bot.agent", has_text="我是客服小王").wait_for(timeout=30_000)
    finally:
        user_context.close()
        agent_context.close()


@pytest.mark.browser
def test_a_p1_message_reaches_an_open_console_at_once(browser, host_page, bot):
    user_context, agent_context = browser.new_context(), browser.new_context()
    user, console = user_context.new_page(), agent_context.new_page()
    try:
        console.goto(f"{bot.base}/agent/")
        console.fill("#token", API_TOKEN)
        console.fill("#agent", "小李")
        console.click("#login button")
        console.locator("#count").wait_for(timeout=10_000)
        user.goto(host_page.origin)
        user.locator(".launcher").click()
        user.locator(".msg.bot").first.wait_for(timeout=30_000)
        start = time.perf_counter()
        ask(user, "他们把我锁在车里不让我下车")
        assert "110" in user.locator(".msg.bot").last.inner_text()
        conversation = page_session(user)
        deadline = time.monotonic() + 30
        number = None
        while number is None and time.monotonic() < deadline:
            number = next(
                (
                    t["id"]
                    for t in agent_api(bot, "GET", "/tickets").json()["tickets"]
                    if t["conversation_id"] == conversation
                ),
                None,
            )
        console.locator(f"#tickets li[data-id='{number}'][data-priority='P1']").wait_for(timeout=30_000)
        TIMINGS["P1 message → ticket in the console"] = time.perf_counter() - start
    finally:
        user_context.close()
        agent_context.close()


def test_the_console_api_refuses_what_it_must(bot, sender):
    bot.say(sender, "花呗逾期了，转人工")
    bot.say(sender, "转人工")
    number = ticket_of(bot, bot.conversation_id(sender))["id"]
    assert agent_api(bot, "GET", "/tickets", token=None).status_code == 401
    assert agent_api(bot, "GET", "/tickets", token="wrong").status_code == 401
    assert agent_api(bot, "GET", "/tickets", agent="").status_code == 400
    assert agent_api(bot, "GET", "/tickets/999999").status_code == 404
    assert agent_api(bot, "POST", f"/tickets/{number}/reply", json={"text": "抢答"}).status_code == 403  # not claimed
    claims = [agent_api(bot, "POST", f"/tickets/{number}/claim", agent=a).status_code for a in ("甲", "乙")]
    assert claims == [200, 409]
    assert agent_api(bot, "POST", f"/tickets/{number}/reply", agent="乙", json={"text": "x"}).status_code == 403
    assert agent_api(bot, "POST", f"/tickets/{number}/handback", agent="乙").status_code == 403
    assert agent_api(bot, "POST", f"/tickets/{number}/reply", agent="甲", json={"text": "  "}).status_code == 400
    assert agent_api(bot, "POST", f"/tickets/{number}/reply", agent="甲", data=b"{").status_code in (400, 415)
    reply = agent_api(bot, "POST", f"/tickets/{number}/reply", agent="甲", json={"text": "您的电话13812345678我记下了"})
    assert reply.status_code == 200 and reply.json()["delivered"] is False  # REST cannot push; it is stored
    detail = agent_api(bot, "GET", f"/tickets/{number}", agent="甲").json()
    assert "13812345678" not in str(detail) and detail["messages"][-1]["agent"] == "甲"
    assert agent_api(bot, "POST", f"/tickets/{number}/handback", agent="甲").status_code == 200
    assert all(t["id"] != number for t in agent_api(bot, "GET", "/tickets").json()["tickets"])
    answer = " ".join(r.get("text", "") for r in bot.say(sender, "逾期记录多久能消"))
    assert "5年" in answer  # the bot answers again


def test_while_paused_the_user_is_told_their_message_reached_a_person(bot, sender):
    bot.say(sender, "转人工")
    reply = " ".join(r.get("text", "") for r in bot.say(sender, "还在吗"))
    assert "已经转给人工客服" in reply and "编号" in reply


def teardown_module() -> None:
    if TIMINGS:
        print("\nhand-over:", ", ".join(f"{k} {v:.2f} s" for k, v in TIMINGS.items()))
