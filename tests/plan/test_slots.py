"""domain.yml follows the planning slot schema (bot/plan/slots.py)."""

import yaml

from bot.plan import slots
from bot.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_form_requires_the_schema_slots_in_the_schema_order():
    assert tuple(DOMAIN["forms"]["plan_form"]["required_slots"]) == slots.REQUIRED
    assert [s for s in slots.ORDER if s in slots.REQUIRED] == list(slots.REQUIRED)


def test_every_planning_slot_is_filled_by_the_actions_and_ignored_by_the_dialogue():
    for name in (*slots.PLAN_SLOTS, slots.STOP_SLOT, slots.LAST_SLOT, slots.ASKED_SLOT):
        slot = DOMAIN["slots"][name]
        assert slot["influence_conversation"] is False, name
        # The platform is shared with the topic answers, which read it from the NLU's entity.
        shared = [{"type": "from_entity", "entity": "platform"}]
        assert slot["mappings"] == (shared if name == "platform" else [{"type": "custom"}]), name
    assert set(slots.LABELS) == set(slots.PLAN_SLOTS)
    assert set(slots.AMOUNT_SLOTS) <= set(slots.PLAN_SLOTS)


def test_the_stop_reasons_and_list_slots_have_their_domain_types():
    assert DOMAIN["slots"][slots.STOP_SLOT]["type"] == "categorical"
    assert DOMAIN["slots"][slots.STOP_SLOT]["values"] == [s.value for s in slots.Stop]
    assert DOMAIN["slots"][slots.LAST_SLOT]["type"] == "list"
