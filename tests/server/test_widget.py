"""The chat widget embedded in a plain page on another origin, in Debian's chromium on a phone-sized screen:
ask, unfold, click, reload, lose the network and get it back. Screenshots go to results/screenshots/."""

from __future__ import annotations

import time

import pytest

from bot.settings import PROJECT_ROOT

pytestmark = [pytest.mark.server, pytest.mark.browser]

SHOTS = PROJECT_ROOT / "results" / "screenshots"
QUESTION = "我借呗逾期三个月了，今天收到律师函短信，是真的吗？"
TIMINGS: dict[str, float] = {}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    yield context
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def bot_count(page) -> int:
    """Bot messages, without the greeting (shown while the conversation is empty, never stored)."""
    return page.locator(".msg.bot:not(.greeting)").count()


def ask(page, text: str) -> None:
    count = bot_count(page)
    page.fill("#input", text)
    page.keyboard.press("Enter")
    page.locator(".msg.bot:not(.greeting)").nth(count).wait_for(timeout=60_000)


def test_the_embedded_widget_end_to_end(phone, host_page, bot):
    page = phone.new_page()
    page.goto(host_page.origin)
    launcher = page.locator(".launcher")
    launcher.wait_for(timeout=30_000)
    assert launcher.get_attribute("aria-expanded") == "false"
    shot(page, "widget-closed")
    launcher.click()
    page.locator(".msg.bot.greeting").wait_for(timeout=30_000)  # connected, history read (empty)
    assert page.locator(".privacy").is_visible() and "身份证号" in page.locator(".privacy").inner_text()
    assert page.locator("header button.human").inner_text() == "转人工"

    # Ask: the short answer shows; the detail and the sources are folded, one tap away.
    start = time.perf_counter()
    ask(page, QUESTION)
    answer = page.locator(".msg.bot.answer").last
    answer.wait_for(timeout=60_000)
    TIMINGS["first answer"] = time.perf_counter() - start
    assert "律师函" in answer.locator(".short").inner_text()
    detail = answer.locator("details.detail")
    assert detail.get_attribute("open") is None and not detail.locator("p").first.is_visible()
    assert page.locator("div.sr[aria-live]").inner_text().startswith("债答回复：")  # read out by screen readers
    shot(page, "widget-answer")
    detail.locator("summary").click()
    assert detail.get_attribute("open") is not None and detail.locator("p").first.is_visible()
    link = detail.locator("a[href^='https://credit.acla.org.cn']")  # addresses in the answer are links
    assert link.count() >= 1 and link.first.get_attribute("rel") == "noopener noreferrer"
    answer.locator("details.sources summary").click()
    assert "依据：" in answer.locator(".src").inner_text()
    shot(page, "widget-detail")

    # A button sends its payload and shows its title as the user's turn.
    button = page.locator(".buttons button").last
    title = button.inner_text()
    count = bot_count(page)
    button.click()
    page.locator(".msg.bot:not(.greeting)").nth(count).wait_for(timeout=60_000)
    assert page.locator(".msg.me").last.inner_text() == title
    mine, theirs = page.locator(".msg.me").all_inner_texts(), bot_count(page)

    # Reload: the history comes back from the server, the same messages in the same order.
    page.reload()
    page.locator(".msg.me").nth(len(mine) - 1).wait_for(timeout=30_000)
    assert page.locator(".msg.me").all_inner_texts() == mine and bot_count(page) == theirs
    assert page.locator(".msg.bot.greeting").count() == 0

    # The network drops: the widget says so, keeps what is typed, and sends it once when it is back.
    phone.set_offline(True)
    page.locator(".status", has_text="网络已断开").wait_for(timeout=30_000)
    page.fill("#input", "那会不会影响征信")
    page.keyboard.press("Enter")
    page.locator(".msg.me.queued").wait_for(timeout=10_000)
    shot(page, "widget-offline")
    phone.set_offline(False)
    page.locator(".msg.bot:not(.greeting)").nth(theirs).wait_for(timeout=60_000)
    assert page.locator(".status").is_hidden() and page.locator(".msg.me.queued").count() == 0
    page.reload()
    page.locator(".msg.me", has_text="那会不会影响征信").first.wait_for(timeout=30_000)
    time.sleep(1)
    assert page.locator(".msg.me", has_text="那会不会影响征信").count() == 1
    tracker = bot.api("GET", f"/conversations/{page_session(page)}/tracker").json()
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert said.count("那会不会影响征信") == 1
    shot(page, "widget-after-reconnect")


def page_session(page) -> str:
    """The conversation id the widget was issued (its token, without the signature)."""
    storage = page.context.storage_state()["origins"]
    tokens = [i["value"] for o in storage for i in o["localStorage"] if i["name"].endswith(":session")]
    assert tokens, storage
    return tokens[0].split(".")[0]


def test_enter_does_not_send_while_an_ime_is_composing(phone, host_page):
    page = phone.new_page()
    page.goto(host_page.origin)
    page.locator(".launcher").click()
    page.locator(".msg.bot").first.wait_for(timeout=30_000)
    page.fill("#input", "jie bei")
    page.dispatch_event("#input", "keydown", {"key": "Enter", "isComposing": True, "keyCode": 229})
    page.wait_for_timeout(500)
    assert page.locator(".msg.me").count() == 0 and page.input_value("#input") == "jie bei"
    page.fill("#input", "借呗")
    page.dispatch_event("#input", "keydown", {"key": "Enter", "keyCode": 13})
    page.locator(".msg.me").first.wait_for(timeout=10_000)


def test_the_widget_is_labelled_focusable_and_legible(phone, host_page):
    page = phone.new_page()
    page.goto(host_page.origin)
    page.locator(".launcher").click()
    page.locator(".msg.bot").first.wait_for(timeout=30_000)
    # Opening puts the cursor in the message box; the log is announced politely.
    active = page.evaluate("document.querySelector('#zhaida-widget').shadowRoot.activeElement.id")
    assert active == "input"
    assert page.locator(".log").get_attribute("role") == "log"
    assert page.locator("#input").get_attribute("aria-label") and page.locator("label[for=input]").count() == 1
    # Tab order: message box, then send.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('#zhaida-widget').shadowRoot.activeElement.id") == "send"
    # Text contrast at least 4.5:1 (WCAG AA) for the header, the buttons, the notes and the messages.
    ratios = page.evaluate(CONTRAST)
    low = {name: ratio for name, ratio in ratios.items() if ratio < 4.5}
    assert not low, low


CONTRAST = """() => {
  const root = document.querySelector('#zhaida-widget').shadowRoot;
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = (el) => { for (; el; el = el.parentElement || (el.getRootNode() && el.getRootNode().host)) {
      const c = getComputedStyle(el).backgroundColor; if (c && !c.endsWith(', 0)') && c !== 'transparent') return c; }
    return 'rgb(255, 255, 255)'; };
  const out = {};
  for (const sel of ['header h2', 'header p', 'header button.human', '.privacy', '.crisis', '.msg.bot', '#send', '.status']) {
    const el = root.querySelector(sel); if (!el) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(bg(el)));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}"""


def test_the_widget_script_is_served_for_embedding(bot):
    import gzip

    import requests

    reply = requests.get(f"{bot.base}/webhooks/chat/widget.js", timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("application/javascript")
    assert reply.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    TIMINGS["widget.js gzipped bytes"] = len(gzip.compress(reply.content, 9))


def test_a_page_on_an_unlisted_origin_cannot_connect(servers):
    import socketio

    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            servers.base, headers={"Origin": "https://evil.example"}, transports=["websocket"], wait_timeout=10
        )


def teardown_module() -> None:
    if TIMINGS:
        print("\nwidget:", ", ".join(f"{k} {v:.2f}" for k, v in TIMINGS.items()))


def test_a_detention_message_in_the_widget_gets_the_crisis_answer_and_a_p1_ticket(phone, host_page, bot):
    from sqlalchemy import create_engine, text

    page = phone.new_page()
    page.goto(host_page.origin)
    page.locator(".launcher").click()
    page.locator(".msg.bot").first.wait_for(timeout=30_000)
    ask(page, "催收的人把我关在他们公司的屋里，不让我走，手机也被收了")
    assert "110" in page.locator(".msg.bot").last.inner_text() and "12356" in page.locator(".msg.bot").last.inner_text()
    engine = create_engine(bot.database_url)
    deadline = time.monotonic() + 20
    rows: list = []
    while not rows and time.monotonic() < deadline:  # the ticket is written by the action right after the answer
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT priority, opened_because, channel, reasons FROM tickets WHERE conversation_id = :c"),
                {"c": page_session(page)},
            ).fetchall()
        time.sleep(0.2)
    engine.dispose()
    assert len(rows) == 1
    priority, because, channel, reasons = rows[0]
    assert (priority, because, channel) == ("P1", "crisis", "socketio") and "拘禁" in reasons
