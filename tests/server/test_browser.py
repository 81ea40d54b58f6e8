"""The chat page in Debian's chromium, as a user would use it."""
import shutil

import pytest

pytestmark = [pytest.mark.server, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(servers):
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(f"{servers['base']}/webhooks/chat/")
        yield page
        browser.close()


def test_the_page_answers_the_question_from_issue_two(page, servers):
    page.fill("#input", "我借呗逾期三个月了，今天收到律师函短信，是真的吗？")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2", timeout=60_000)
    answer = page.locator(".msg.bot").last.inner_text()
    assert "律师" in answer or "12368" in answer
    page.screenshot(path=str(servers["var"] / "chat.png"))


def test_a_topic_button_sends_its_question(page):
    count = page.locator(".msg.bot").count()
    page.locator(".buttons button").first.click()
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {count}", timeout=60_000)
    assert page.locator(".msg.me").last.inner_text()  # the button's title is shown as the user's turn
