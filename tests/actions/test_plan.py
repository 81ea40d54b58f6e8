"""validate_plan_form and action_show_plan in-process: slots in, messages and slots out."""

from actions.plan import ActionShowPlan, ValidatePlanForm
from bot import tickets
from bot.plan.slots import ASKED_SLOT, LAST_SLOT, STOP_SLOT, Stop
from bot.wording import STOPPED
from tests.actions.conftest import payloads, run, slots_set, text_of, tracker, user

FORM = {"name": "plan_form"}
ISSUE_MESSAGE = "借呗欠了两万三，逾期45天，每月工资六千，房租两千"


def test_the_first_turn_reads_everything_and_asks_only_for_what_is_missing():
    messages, events = run(ValidatePlanForm(), tracker(ISSUE_MESSAGE, "negotiate_repayment"))
    slots = slots_set(events)
    assert slots["debt_amount"] == "23000.00" and slots["overdue_days"] == "45" and slots["platform"] == "借呗"
    assert slots["monthly_income"] == "6000.00" and slots["monthly_expenses"] == "2000.00"
    assert slots["requested_slot"] == "overdue_rate"  # the KB has no reliable rate for 借呗
    assert slots[LAST_SLOT] == ["platform", "debt_amount", "overdue_days", "monthly_income", "monthly_expenses"]
    assert slots[STOP_SLOT] is None and slots[ASKED_SLOT] == 0
    assert "不知道" in payloads(messages)


def test_a_question_answered_twice_without_a_figure_offers_a_person():
    filled = {"platform": "花呗", "requested_slot": "debt_amount"}
    _, events = run(ValidatePlanForm(), tracker("asdf", "inform", slots=filled, active_loop=FORM))
    assert slots_set(events)[ASKED_SLOT] == 1 and slots_set(events)["requested_slot"] == "debt_amount"
    messages, events = run(
        ValidatePlanForm(), tracker("asdf", "inform", slots={**filled, ASKED_SLOT: 1}, active_loop=FORM)
    )
    assert "/human_handoff" in payloads(messages) and slots_set(events)[ASKED_SLOT] == 2
    # A new question starts the count again.
    _, events = run(ValidatePlanForm(), tracker("两万", "inform", slots={**filled, ASKED_SLOT: 1}, active_loop=FORM))
    assert slots_set(events)["requested_slot"] == "overdue_days" and slots_set(events)[ASKED_SLOT] == 0


def test_a_correction_changes_the_slot_filled_last():
    filled = {
        "platform": "花呗",
        "debt_amount": "20000.00",
        "requested_slot": "overdue_days",
        LAST_SLOT: ["debt_amount"],
    }
    messages, events = run(ValidatePlanForm(), tracker("不对，是三万", "inform", slots=filled, active_loop=FORM))
    assert slots_set(events)["debt_amount"] == "30000.00"
    assert "已改好" in text_of(messages)


def test_stopping_and_a_crisis_end_the_form_with_their_reason():
    filled = {"platform": "花呗", "requested_slot": "debt_amount"}
    _, events = run(ValidatePlanForm(), tracker("不算了", "deny", slots=filled, active_loop=FORM))
    assert slots_set(events)[STOP_SLOT] == Stop.USER.value and slots_set(events)["requested_slot"] is None
    messages, events = run(ValidatePlanForm(), tracker("不想活了", "crisis", slots=filled, active_loop=FORM))
    assert slots_set(events)[STOP_SLOT] == Stop.CRISIS.value
    assert messages[0]["response"] == "utter_crisis"
    messages, events = run(ActionShowPlan(), tracker("不算了", "deny", slots={STOP_SLOT: Stop.USER.value}))
    assert text_of(messages) == STOPPED and slots_set(events) == {STOP_SLOT: None}


def test_the_plan_shows_figures_a_table_and_a_script_with_sources():
    filled = {
        "platform": "花呗",
        "debt_amount": "15000.00",
        "overdue_days": "20",
        "monthly_income": "5000.00",
        "monthly_expenses": "3000.00",
    }
    messages, _ = run(ActionShowPlan(), tracker("3000", "inform", slots=filled))
    summary, table, script = (m["text"] for m in messages)
    assert "15,000.00元" in summary and "逾期20天" in summary
    assert table.splitlines()[0].split() == ["方案", "每期还款", "总利息", "能否负担"]
    assert "跟平台谈的时候可以这样说" in script and "《" in script
    assert "/human_handoff" in payloads(messages)


def test_the_web_widget_gets_the_table_as_data():
    filled = {"platform": "花呗", "debt_amount": "15000.00", "overdue_days": "20", "monthly_capacity": "1500.00"}
    t = tracker("1500", "inform", slots=filled)
    t.latest_message["metadata"] = {"client": "web"}
    messages, _ = run(ActionShowPlan(), t)
    payload = messages[1]["custom"]
    assert payload["kind"] == "repayment_plan" and payload["limit"] == 1500.0
    assert any(row["recommended"] for row in payload["rows"])


def test_asking_for_a_person_in_the_form_records_the_request():
    earlier = [user("帮我算一下还款方案", "negotiate_repayment")]
    t = tracker("转人工", "human_handoff", slots={STOP_SLOT: Stop.HUMAN.value}, earlier=earlier, sender="plan-human")
    messages, events = run(ActionShowPlan(), t)
    [ticket] = tickets.active_tickets("plan-human")
    assert f"编号 {ticket.id}" in text_of(messages) and ticket.category == "negotiate_repayment"
    assert slots_set(events) == {STOP_SLOT: None}
