"""The cached validation of action responses accepts and rejects exactly what Rasa's does."""

import pytest
from rasa.core.actions.action import RemoteAction

import bot.channels  # noqa: F401  (applies the speed-up, as the server does)

VALID = {
    "events": [{"event": "slot", "name": "platform", "value": "花呗"}],
    "responses": [{"text": "好的", "buttons": [{"title": "转人工", "payload": "/human_handoff"}]}],
}


def test_the_patch_is_installed():
    assert RemoteAction._validate_action_result.__module__ == "bot.rasa_speedups"


def test_valid_responses_pass():
    assert RemoteAction("action_answer_topic", None)._validate_action_result(VALID)


@pytest.mark.parametrize(
    "bad", [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": {"text": "x"}}]
)
def test_invalid_responses_fail_as_in_rasa(bad):
    with pytest.raises(Exception) as error:
        RemoteAction("action_answer_topic", None)._validate_action_result(bad)
    assert "Failed to validate Action server response" in str(error.value)


def test_events_resolve_to_the_classes_rasa_finds():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    assert Event.resolve_by_type.__module__ == "bot.rasa_speedups"
    for cls in all_subclasses(Event):
        expected = next(c for c in all_subclasses(Event) if c.type_name == cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is expected
    assert Event.resolve_by_type("topic") is None  # Rasa's backwards compatibility
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_a_tracker_round_trips_through_its_events():
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [ActionExecuted("action_listen"), UserUttered("你好"), SlotSet("platform", "花呗"), BotUttered("好的")]
    tracker = DialogueStateTracker.from_events("me", events)
    again = DialogueStateTracker.from_dict("me", [e.as_dict() for e in tracker.events])
    assert [type(e) for e in again.events] == [type(e) for e in events] and again.get_slot("platform") == "花呗"


def _full_and_fast():
    from jsonschema.validators import validator_for

    from bot.rasa_speedups import _ByEventType, _validator

    schema = RemoteAction.action_response_format_spec()
    fast = _validator()
    assert isinstance(fast, _ByEventType)  # Rasa 3.6's schema has the shape the shortcut relies on
    return schema, validator_for(schema)(schema), fast


def test_checking_each_event_against_its_own_type_agrees_with_the_whole_schema():
    """Random events of every type, with fields of random JSON types: the shortcut and jsonschema agree."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    schema, full, fast = _full_and_fast()
    branches = schema["properties"]["events"]["items"]["oneOf"]
    names = sorted({key for branch in branches for key in branch["properties"]} | {"timestamp", "metadata"})
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5))
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=6,
    )
    types = st.sampled_from(sorted(b["properties"]["event"]["const"] for b in branches) + ["nope"])
    event = st.builds(
        lambda kind, fields: {"event": kind, **fields},
        types,
        st.dictionaries(st.sampled_from(names), values, max_size=4),
    )
    response = st.fixed_dictionaries({}, optional={"events": st.lists(event | values, max_size=3), "responses": values})

    @settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
    @given(response)
    def agree(result):
        assert fast.is_valid(result) == full.is_valid(result), result

    agree()


def test_graph_runs_without_dask_give_what_dask_gives(model_path, monkeypatch):
    """The trained model's parse and prediction graphs, run directly and through dask: the same results."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    agent = Agent.load(str(model_path))
    processor = agent.processor
    messages = [
        "你好",
        "借呗逾期三天会上征信吗",
        "催收天天打我家人电话",
        "我不想活了",
        "3000块逾期五天",
        "转人工",
        "",
        "/greet",
    ]

    def observe() -> list:
        seen = []
        for text in messages:
            seen.append(asyncio.run(agent.parse_message(text)))
            tracker = DialogueStateTracker.from_events("g", [ActionExecuted("action_listen")], agent.domain.slots)
            tracker.update(UserUttered(text, parse_data=seen[-1]))
            prediction = processor._predict_next_with_tracker(tracker)
            seen.append((prediction.policy_name, prediction.max_confidence_index, prediction.probabilities))
        return seen

    direct = observe()
    monkeypatch.setattr(DaskGraphRunner, "run", DaskGraphRunner.dask_run)
    assert observe() == direct
