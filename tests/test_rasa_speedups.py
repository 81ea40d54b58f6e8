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
