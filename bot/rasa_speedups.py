"""Two per-turn costs of Rasa 3.6, found by profiling the Rasa server under load (README, "Measured").

1. Every action-server response is validated with `jsonschema.validate(result, schema)`, which checks the
   schema itself against the meta-schema on every call: about 55% of the server's CPU in one profile. We
   build the validators once; a valid response passes at once, an invalid one goes through Rasa's own
   method, so its errors and messages are unchanged. Each event must match `oneOf` 23 alternatives, one
   per event type, and trying them all was still about 7% of the busy time (about 2 ms per response).
   Every alternative fixes `event` to its own constant and the base schema requires `event`, so an event
   matches exactly one alternative precisely when it matches the one named by its `event`: that one
   alone is checked. A schema of another shape (another Rasa) is checked whole, as before.
2. Every event read from the tracker store is turned back into its class by `Event.resolve_by_type`, which
   walks the whole Event class tree (`all_subclasses`) for each event: about 15-25% of the busy time once
   the first fix was in, since every turn reloads the conversation. We keep a table from type name to
   class, filled in Rasa's own order; a name not in it rebuilds the table (a class imported since) and
   then defers to Rasa, so unknown names fail as before.
3. Every call to the action server opened a new HTTP client session and a new TCP connection
   (`EndpointConfig.request` closes its session each time), and encoded the conversation with the
   standard `json`: together about 12% of the busy time. The sessions now share one connection pool per
   event loop, whose idle connections close before the action server's keep-alive (5 s) ends, and the
   body is encoded by ujson (already a Rasa dependency), falling back to `json` for what ujson refuses
   (integers beyond 64 bits, NaN).
4. Every parse and every prediction runs a graph of components through `dask.get`, after computing the
   graph's minimal form for the targets anew: about a tenth of the busy time was the scheduler, not the
   components. The graph's form per target set is kept, and its nodes are called in dependency order
   directly, with dask's conventions (a node receives its parents' `(name, output)` pairs; a name that is
   not a node is passed as the string itself; an input is its `(name, value)` pair). The graphs are
   small, sequential and the same on every turn, which is all dask's synchronous scheduler did with them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import weakref
from typing import Any

import ujson

_APPLIED = False


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return _ByEventType.of(schema, cls) or cls(schema)


class _ByEventType:
    """Rasa's response schema, each event checked against the alternative its `event` names."""

    def __init__(self, outer: Any, alternatives: dict[str, Any]):
        # `outer`: the response with every event checked against the base schema (an object with `event`).
        self.outer, self.alternatives = outer, alternatives

    @classmethod
    def of(cls, schema: dict, validator: Any) -> _ByEventType | None:
        try:
            items = schema["properties"]["events"]["items"]
            consts = [branch["properties"]["event"]["const"] for branch in items["oneOf"]]
        except (KeyError, TypeError):
            return None
        if "event" not in items.get("required", ()) or len(set(consts)) != len(consts):
            return None
        base = {key: value for key, value in items.items() if key != "oneOf"}
        outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array", "items": base}}}
        return cls(
            validator(outer),
            {const: validator(branch) for const, branch in zip(consts, items["oneOf"], strict=True)},
        )

    def is_valid(self, result: Any) -> bool:
        if not self.outer.is_valid(result):
            return False
        for event in result.get("events") or ():
            alternative = self.alternatives.get(event["event"])
            if alternative is None or not alternative.is_valid(event):
                return False
        return True


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


# Under the action server's keep-alive (sanic: 5 s), so that the client never reuses a connection the
# server is closing at that moment.
KEEPALIVE_SECONDS = 3.0


def dumps(value: Any) -> str:
    """JSON text for an HTTP body: ujson, or the standard library for what ujson refuses."""
    try:
        return ujson.dumps(value)
    except (OverflowError, TypeError, ValueError):
        return json.dumps(value)


def _install_pooled_sessions() -> None:
    import aiohttp
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.utils.endpoints import EndpointConfig

    pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.TCPConnector] = weakref.WeakKeyDictionary()

    def session(self: EndpointConfig) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        pool = pools.get(loop)
        if pool is None or pool.closed:
            pool = pools[loop] = aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS)
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        return aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=pool,
            connector_owner=False,
            json_serialize=dumps,
        )

    EndpointConfig.session = session


def _install_direct_graph_runs() -> None:
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> Any:
        run_targets = targets if targets else self._graph_schema.target_names
        plans = self.__dict__.setdefault("_minimal_graphs", {})
        plan = plans.get(tuple(run_targets))
        if plan is None:
            plan = plans[tuple(run_targets)] = self._build_dask_graph(
                self._graph_schema.minimal_graph_schema(run_targets)
            )
        graph = dict(plan)
        if inputs:
            self._add_inputs_to_graph(inputs, graph)
        done: dict[str, Any] = {}

        def compute(name: str) -> Any:
            if name in done:
                return done[name]
            task = graph.get(name)
            if task is None:
                return name
            done[name] = task[0](*(compute(need) for need in task[1:])) if callable(task[0]) else task
            return done[name]

        try:
            return dict(compute(target) for target in run_targets)
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error

    DaskGraphRunner.dask_run = DaskGraphRunner.run  # kept for the test that compares the two
    DaskGraphRunner.run = run


def apply() -> None:
    """Installs the cached validation on RemoteAction, the event lookup and pooled sessions (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    _install_event_lookup()
    _install_pooled_sessions()
    _install_direct_graph_runs()
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _validator().is_valid(result):
            return True
        return original(self, result)

    RemoteAction._validate_action_result = _validate_action_result
    _APPLIED = True
