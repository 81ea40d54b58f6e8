"""Several debts on the chat page, in Debian's chromium: the plan's table and each lender's balance as a line."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.server, pytest.mark.browser]

ORDER = ["网贷（第1笔）", "网贷（第2笔）", "信用卡", "花呗"]


@pytest.fixture
def page(browser, servers):
    """The full chat page in a fresh context: its own storage, so its own conversation."""
    context = browser.new_context(viewport={"width": 1000, "height": 1100}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{servers.base}/webhooks/chat/")
    page.locator(".msg.bot.greeting").wait_for(timeout=30_000)
    yield page
    context.close()


def say(page, text: str) -> None:
    page.fill("#input", text)
    page.keyboard.press("Enter")


def debts_plan(page, debts: str, budget: str):
    say(page, debts)
    page.locator(".msg.bot", has_text="每个月收入").first.wait_for(timeout=60_000)
    say(page, budget)
    page.wait_for_selector("figure.plan.debts", timeout=60_000)
    plan = page.locator("figure.plan.debts")
    assert plan.count() == 1 and plan.get_attribute("data-kind") == "several_debts_plan"
    assert plan.locator("table caption").inner_text() == "各笔欠款"
    return plan


def points(polyline) -> list[tuple[float, float]]:
    return [tuple(float(v) for v in p.split(",")) for p in polyline.get_attribute("points").split()]


def cells(row) -> list[str]:
    return [t.strip() for t in row.locator("th, td").all_inner_texts()]


def test_four_debts_show_as_a_table_and_a_line_per_lender(page, servers):
    plan = debts_plan(page, "信用卡欠了5万，花呗1万，还有两个网贷各三千", "每月工资六千，房租两千")
    head = [t.strip() for t in plan.locator("thead th").all_inner_texts()]
    assert head == ["欠款", "金额", "年利率", "每月最低", "还清用时", "总利息"]
    rows = plan.locator("tbody tr")
    assert [cells(rows.nth(i))[0] for i in range(rows.count())] == ORDER  # highest rate first, as planned
    card = cells(rows.nth(2))
    assert card[1] == "50,000.00" and card[3] == "1,438.40"
    align = rows.nth(2).locator("td").first.evaluate("cell => getComputedStyle(cell).textAlign")
    assert align == "right"  # figures line up on the right

    svg = plan.locator("svg")
    assert svg.get_attribute("role") == "img" and "各笔欠款" in svg.get_attribute("aria-label")
    lines = svg.locator("polyline.series")
    assert lines.count() == 4
    assert [lines.nth(i).get_attribute("data-name") for i in range(4)] == ORDER
    assert len({lines.nth(i).get_attribute("stroke") for i in range(4)}) == 4  # a colour each
    legend = [t.strip() for t in svg.locator("text.legend").all_text_contents()]
    assert legend == ORDER
    labels = svg.inner_html()
    assert "剩余欠款（元）" in labels and ">月<" in labels

    axis = float(svg.locator("line.axis").get_attribute("y1"))  # zero balance
    first, card_line = points(lines.nth(0)), points(lines.nth(2))
    left = min(x for line in (first, card_line) for x, _ in line)
    assert first[0][0] == card_line[0][0] == left  # month 0 at the left edge
    top = card_line[0][1]  # 50,000, the largest balance, is the top of the scale
    assert top < first[0][1] < axis  # 3,000 starts below 50,000 and above zero …
    assert (axis - first[0][1]) / (axis - top) == pytest.approx(3000 / 50000, abs=0.01)  # … in proportion
    assert first[-1][1] == card_line[-1][1] == pytest.approx(axis)  # paid off: both end on the x-axis
    plan.screenshot(path=str(servers.var / "debts-plan.png"))


def test_too_little_to_cover_the_minimums_gives_no_chart_but_the_shortfall(page, servers):
    plan = debts_plan(page, "信用卡欠了5万，花呗1万", "每月最多能还五百")
    rows = plan.locator("tbody tr")
    assert rows.count() == 2
    assert cells(rows.nth(0))[:4] == ["信用卡", "50,000.00", "24%", "1,438.40"]
    assert cells(rows.nth(1))[:4] == ["花呗", "10,000.00", "18.25%", "255.30"]
    assert cells(rows.nth(0))[4:] == ["-", "-"]
    assert plan.locator("svg").count() == 0 and plan.locator("polyline").count() == 0
    # 500 a month against minimums of 1,438.40 + 255.30.
    assert "每月还差 1,193.70 元" in plan.locator(".shortfall").inner_text()
    plan.screenshot(path=str(servers.var / "debts-shortfall.png"))
