"""Two per-turn costs of Rasa 3.6, found by profiling the Rasa server under load (README, "Measured").

1. Every action-server response is validated with `jsonschema.validate(result, schema)`, which checks the
   schema itself against the meta-schema on every call: about 55% of the server's CPU in one profile. We
   build the validator once; a valid response passes at once, an invalid one goes through Rasa's own
   method, so its errors and messages are unchanged.
2. Every event read from the tracker store is turned back into its class by `Event.resolve_by_type`, which
   walks the whole Event class tree (`all_subclasses`) for each event: about 15-25% of the busy time once
   the first fix was in, since every turn reloads the conversation. We keep a table from type name to
   class, filled in Rasa's own order; a name not in it rebuilds the table (a class imported since) and
   then defers to Rasa, so unknown names fail as before.
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


def _install_event_lookup() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.resolve_by_type
    table: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = table.get(type_name)
        if found is None:
            table.clear()
            for cls in all_subclasses(Event):
                table.setdefault(cls.type_name, cls)  # the first match wins, as in Rasa's loop
            found = table.get(type_name)
        return found if found is not None else original(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)


def apply() -> None:
    """Installs the cached validation on RemoteAction and the event lookup (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    _install_event_lookup()
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _validator().is_valid(result):
            return True
        return original(self, result)

    RemoteAction._validate_action_result = _validate_action_result
    _APPLIED = True
