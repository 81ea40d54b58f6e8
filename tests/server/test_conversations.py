"""Chinese messages through the REST channel of the running servers."""

import re

import pytest

pytestmark = pytest.mark.server


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies):
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def test_the_question_from_issue_two(bot, sender):
    message = "我借呗逾期三个月了，今天收到律师函短信，是真的吗？"
    parsed = bot.parse(message)
    assert parsed["intent"]["name"] in ("lawyer_letter", "verify_notice")
    assert {(e["entity"], e["value"]) for e in parsed["entities"]} >= {("platform", "借呗"), ("duration", 90)}
    answer = texts(bot.say(sender, message))
    assert "律师" in answer and ("强制执行" in answer or "12368" in answer)
    slots = bot.tracker(sender)["slots"]
    assert slots["platform"] == "借呗" and slots["duration"] == 90


@pytest.mark.parametrize(
    "message, intent, must_say, must_cite",
    [
        # The four questions of issue 3, with the facts they must get right.
        ("借呗逾期会不会坐牢", "lawsuit_risk", ["恶意透支", "信用卡"], "《刑法》[^；]*第三百一十三条"),
        ("短信说我明天开庭是真的吗", "verify_notice", ["12368"], "依据："),
        ("催收晚上十一点还打电话合法吗", "harassment", [r"(22|10)(点|:00).{0,12}8(点|:00)"], "依据："),
        ("逾期记录多久能消", "credit_report", ["5年"], "《征信业管理条例》[^；]*第十六条"),
        ("花唄逾期一天算逾期嗎", "overdue_definition", [], "依据："),
        ("借呗能不能展期", "extension_grace", ["同意"], "《民法典》[^；]*第六百七十八条"),
        ("信用卡还不上了能停息挂账吗", "negotiate_repayment", ["5年"], "依据："),
        ("被列为失信人还能坐高铁吗", "enforcement", ["执行"], "依据："),
        ("有人用我身份证贷款了怎么办", "identity_fraud", ["异议"], "依据："),
        ("分期乐说要上门是真的吗", "home_visit", ["住宅"], "依据："),
    ],
)
def test_debt_topics_are_answered_from_the_kb_with_sources(bot, sender, message, intent, must_say, must_cite):
    assert bot.parse(message)["intent"]["name"] == intent
    replies = bot.say(sender, message)
    answer = texts(replies)
    for pattern in must_say:
        assert re.search(pattern, answer), (pattern, answer)
    assert re.search(must_cite, answer), answer
    related = [p for p in buttons(replies) if p != "/human_handoff" and "calc" not in p and '"view"' not in p]
    assert len(related) == 2
    # Topics where numbers help offer the calculation as well.
    offers_plan = '/negotiate_repayment{"calc": "plan"}' in buttons(replies)
    assert offers_plan == (
        intent in ("negotiate_repayment", "penalty_interest", "extension_grace", "interest_legality")
    )


def test_the_bot_asks_for_the_platform_once_and_remembers_it(bot, sender):
    first = bot.say(sender, "罚息是按什么收的")  # a topic question no specific question answers
    assert "哪个平台" in texts(first)
    assert any("花呗" in p for p in buttons(first))
    answer = texts(bot.say(sender, "花呗"))
    assert "0.05%" in answer and "以您的合同和App显示为准" in answer
    assert bot.tracker(sender)["slots"]["platform"] == "花呗"
    later = texts(bot.say(sender, "那能不能晚几天还"))
    assert "哪个平台" not in later and "依据：" in later


def test_the_bot_asks_how_a_notice_arrived(bot, sender):
    message = "收到一个通知说我被起诉了，是真的还是骗子"
    assert bot.parse(message)["intent"]["name"] == "verify_notice"
    first = bot.say(sender, message)
    assert "怎么收到" in texts(first)
    answer = texts(bot.say(sender, "快递寄来的纸质文件"))
    assert "依据：" in answer
    assert bot.tracker(sender)["slots"]["notice_kind"] == "邮寄"


def test_an_unknown_platform_gets_the_general_answer_and_is_told_so(bot, sender):
    answer = texts(bot.say(sender, '/credit_report{"platform": "某某贷"}'))
    assert "暂时没有「某某贷」的专门资料" in answer and "依据：" in answer


def test_crisis_gets_emergency_numbers_and_a_human_at_once(bot, sender):
    message = "欠了好多网贷，我真的不想活了"
    assert bot.parse(message)["intent"]["name"] == "crisis"
    replies = bot.say(sender, message)
    answer = texts(replies)
    assert "110" in answer and "120" in answer and "12356" in answer
    assert "/human_handoff" in buttons(replies)


def test_evading_a_debt_is_declined_with_lawful_options(bot, sender):
    message = "怎么换号躲催收，让他们永远找不到我"
    assert bot.parse(message)["intent"]["name"] == "evade_debt"
    replies = bot.say(sender, message)
    assert "不能帮" in texts(replies)
    assert "/negotiate_repayment" in buttons(replies)


def test_out_of_scope_says_what_we_do(bot, sender):
    message = "明天北京天气怎么样"
    assert bot.parse(message)["intent"]["name"] == "out_of_scope"
    assert "专注于" in texts(bot.say(sender, message))


def test_a_story_over_several_turns_keeps_its_facts(bot, sender):
    assert "债答" in texts(bot.say(sender, "你好"))
    bot.say(sender, "微立贷欠了2w5")
    bot.say(sender, "逾期一个半月了")
    slots = bot.tracker(sender)["slots"]
    assert slots["platform"] == "微粒贷" and slots["amount"] == 25000 and slots["duration"] == 45
    assert "依据：" in texts(bot.say(sender, "那逾期利息怎么算"))
    assert bot.tracker(sender)["slots"]["platform"] == "微粒贷"


def test_buttons_work_as_messages(bot, sender):
    assert "《征信业管理条例》" in texts(bot.say(sender, "/credit_report"))


def test_fallback_action_offers_topics(bot, sender):
    replies = bot.say(sender, '/nlu_fallback{"x": 1}')
    assert "换个说法" in texts(replies)
    assert len(buttons(replies)) == 4 and buttons(replies)[-1] == "/human_handoff"
