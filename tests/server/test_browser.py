"""The chat page in Debian's chromium, as a user would use it."""

import shutil

import pytest

pytestmark = [pytest.mark.server, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page(servers):
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(f"{servers.base}/webhooks/chat/")
        yield page
        browser.close()


def test_the_page_answers_the_question_from_issue_two(page, servers):
    page.fill("#input", "我借呗逾期三个月了，今天收到律师函短信，是真的吗？")
    page.keyboard.press("Enter")
    # Locator waits, not wait_for_function: a string predicate is eval'd, which the page's CSP forbids.
    page.locator(".msg.bot").nth(1).wait_for(timeout=60_000)
    answer = page.locator(".msg.bot").last.inner_text()
    assert "律师" in answer or "12368" in answer
    page.screenshot(path=str(servers.var / "chat.png"))


def test_a_topic_button_sends_its_question(page):
    count = page.locator(".msg.bot").count()
    page.locator(".buttons button").first.click()
    page.locator(".msg.bot").nth(count).wait_for(timeout=60_000)
    assert page.locator(".msg.me").last.inner_text()  # the button's title is shown as the user's turn


def test_the_issue_conversation_ends_with_a_table_and_a_chart(page, servers):
    page.fill("#input", "借呗欠了两万三，逾期45天，每月工资六千，房租两千")
    page.keyboard.press("Enter")
    page.locator(".msg.bot", has_text="逾期日利率").first.wait_for(timeout=60_000)
    page.locator(".buttons button", has_text="不知道").last.click()
    page.wait_for_selector("figure.plan", timeout=60_000)
    plan = page.locator("figure.plan").last
    rows = plan.locator("tbody tr")
    assert 2 <= rows.count() <= 3
    assert "一次性还清" in rows.first.inner_text() and "23,680.55" in rows.first.inner_text()
    recommended = plan.locator("tr.recommended")
    assert recommended.count() == 1 and "✓" in recommended.inner_text()
    # One bar per option, and the affordable line at 2,000 (half of 6,000 − 2,000).
    bars = plan.locator("svg rect")
    assert bars.count() == rows.count()
    assert plan.locator("svg line.limit").count() == 1 and "2,000.00" in plan.locator("svg").inner_html()
    limit_x = float(plan.locator("svg line.limit").get_attribute("x1"))
    for i in range(bars.count()):
        bar = bars.nth(i)
        right = float(bar.get_attribute("x")) + float(bar.get_attribute("width"))
        fits = float(bar.get_attribute("data-payment")) <= 2000
        assert (right <= limit_x + 0.5) == fits  # a bar crosses the line exactly when the payment does not fit
    script = page.locator(".msg.bot").last.inner_text()
    assert "以贷养贷" in script and "依据：" in script
    plan.screenshot(path=str(servers.var / "plan.png"))
