"""One form turn at a time, with the real reader and the real KB's rates."""

from bot.plan.form import correction_target, missing, step
from bot.plan.read import read
from bot.plan.slots import ORDER

EMPTY = dict.fromkeys(ORDER)


def turn(kb, filled, text, requested=None, intent="inform", first=False, last=None):
    snapshot = kb.snapshot()

    def known(name):
        p = snapshot.platforms.get(snapshot.aliases.get(name, name))
        return bool(p and p.overdue_daily_rate)

    def note(name):
        p = snapshot.platforms.get(snapshot.aliases.get(name, name))
        return p.overdue_rate_note if p else None

    reading = read(text, requested=None if first else requested, last_filled=correction_target(last, text))
    return step(filled, reading, requested, intent, text, known, note, first)


def test_the_issue_message_leaves_only_the_rate(kb):
    s = turn(kb, EMPTY, "借呗欠了两万三，逾期45天，每月工资六千，房租两千", first=True)
    assert s.updates == {
        "platform": "借呗",
        "debt_amount": "23000.00",
        "overdue_days": "45",
        "monthly_income": "6000.00",
        "monthly_expenses": "2000.00",
    }
    assert s.next_slot == "overdue_rate" and "1.5倍" in s.messages[0].text  # the KB's note on 借呗
    assert "不算了" in s.messages[0].text  # the first question says how to stop


def test_huabei_needs_no_rate_question(kb):
    s = turn(kb, EMPTY, "花呗欠一万二，逾期二十天，月薪七千，房租加吃饭三千", first=True)
    assert s.next_slot is None and "overdue_rate" not in missing({**EMPTY, **s.updates}, True)


def test_a_bad_answer_keeps_what_was_collected(kb):
    filled = {**EMPTY, "platform": "借呗", "debt_amount": "20000.00"}
    s = turn(kb, filled, "好几个月", requested="overdue_days")
    assert s.updates == {} and s.next_slot == "overdue_days" and "不够具体" in s.messages[0].text
    for text, word in (("-500", "负数"), ("一百亿", "超出"), ("asdf", "没读到")):
        s = turn(kb, {**filled, "overdue_days": "45", "overdue_rate": "unknown"}, text, requested="monthly_income")
        assert s.next_slot == "monthly_income" and word in s.messages[0].text and not s.updates


def test_a_correction_goes_to_what_was_just_filled(kb):
    filled = {**EMPTY, "platform": "花呗", "debt_amount": "12000.00", "overdue_days": "20"}
    s = turn(kb, filled, "不对，是一万五", requested="monthly_income", last=["platform", "debt_amount", "overdue_days"])
    assert s.updates == {"debt_amount": "15000.00"} and "已改好" in s.messages[0].text
    assert s.next_slot == "monthly_income"


def test_stop_crisis_human_and_other_questions(kb):
    filled = {**EMPTY, "platform": "借呗"}
    assert turn(kb, filled, "不算了", requested="debt_amount").stop == "user"
    assert turn(kb, filled, "我不想活了", requested="debt_amount", intent="crisis").stop == "crisis"
    assert turn(kb, filled, "转人工", requested="debt_amount", intent="human_handoff").stop == "human"
    assert turn(kb, filled, "逾期会坐牢吗", requested="debt_amount", intent="lawsuit_risk").stop == "topic"
    # A number is an answer even when the NLU thought it was a question.
    assert turn(kb, filled, "两万三", requested="debt_amount", intent="lawsuit_risk").stop is None


def test_changing_to_a_platform_with_a_known_rate_drops_the_rate_question(kb):
    filled = {**EMPTY, "platform": "借呗", "debt_amount": "20000.00", "overdue_days": "45"}
    s = turn(kb, filled, "不对，是花呗", requested="overdue_rate")
    assert s.updates["platform"] == "花呗" and s.next_slot == "monthly_income"


def test_earlier_messages_give_their_values_the_latest_winning():
    from bot.plan.form import earlier_values

    said = ["你好", "微立贷欠了2w5", "/credit_report", "逾期一个半月了", "不对，欠了三万"]
    assert earlier_values(said) == {"platform": "微粒贷", "debt_amount": "30000.00", "overdue_days": "45"}


def test_a_person_is_offered_after_the_same_question_failed_twice(kb):
    filled = {**EMPTY, "platform": "借呗"}
    once = turn(kb, filled, "asdf", requested="debt_amount")
    assert "/human_handoff" not in [b["payload"] for b in once.messages[0].buttons]
    stuck = step_with(kb, filled, "asdf", "debt_amount", times_asked=2)
    assert "/human_handoff" in [b["payload"] for b in stuck.messages[0].buttons] and "转人工" in stuck.messages[0].text


def step_with(kb, filled, text, requested, times_asked):
    snapshot = kb.snapshot()
    known = lambda name: bool(snapshot.platforms.get(name) and snapshot.platforms[name].overdue_daily_rate)  # noqa: E731
    return step(
        filled,
        read(text, requested=requested),
        requested,
        "inform",
        text,
        known,
        lambda _: None,
        times_asked=times_asked,
    )


def test_a_stated_capacity_replaces_the_income_and_expense_questions(kb):
    s = turn(kb, EMPTY, "花呗欠了一万二，逾期二十天，每月最多能还一千五", first=True)
    assert s.updates["monthly_capacity"] == "1500.00" and s.next_slot is None
    # New income later means the user now budgets that way: the capacity gives way.
    filled = {**EMPTY, **s.updates}
    s = turn(kb, filled, "月入八千", requested=None)
    assert s.updates["monthly_capacity"] is None and s.next_slot == "monthly_expenses"
