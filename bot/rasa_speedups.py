"""Rasa 3.6 validates every action-server response with `jsonschema.validate(result, schema)`,
which checks the schema itself against the meta-schema on every call: in our profile of a REST
turn that was about 55% of the Rasa server's CPU (README, "Measured").

We build the validator once. A valid response passes at once; an invalid one goes through
Rasa's own method, so its errors and messages are unchanged.
"""

from __future__ import annotations

import functools
from typing import Any

_APPLIED = False


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def apply() -> None:
    """Installs the cached validation on RemoteAction (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _validator().is_valid(result):
            return True
        return original(self, result)

    RemoteAction._validate_action_result = _validate_action_result
    _APPLIED = True
