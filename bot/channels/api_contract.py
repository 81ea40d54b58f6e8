"""The input contract for Rasa's own HTTP API (`--enable-api`), which our channels do not wrap.

Rasa answers a malformed API body with a 500 ("An unexpected error occurred") or, for an id its
database cannot encode, used to end the process. This request middleware refuses such requests with a
4xx before Rasa sees them: conversation ids from the safe class, JSON bounded and valid Unicode, and
the few shapes each route needs. Requests without a valid token are left to Rasa's auth (401).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from sanic import response

from bot import wording as w
from bot.channels.inbound import BadRequest, check_id, check_text, parse_json

_CONVERSATION = re.compile(
    r"^/conversations/(?P<id>.+?)/(?P<route>tracker/events|tracker|story|execute|"
    r"trigger_intent|predict|messages)/?$"
)


def _require(condition: bool, reason: str) -> None:
    if not condition:
        raise BadRequest(reason)


def _check_events(body: Any) -> None:
    from rasa.shared.core.events import Event

    events = body if isinstance(body, list) else [body]
    _require(bool(events) and all(isinstance(e, dict) for e in events), w.EVENTS_NOT_OBJECTS)
    for event in events:
        try:
            parsed = Event.from_parameters(event)
        except Exception:
            parsed = None
        _require(parsed is not None, w.UNKNOWN_EVENT.format(event=str(event.get("event"))[:40]))


def _check_message(body: Any) -> None:
    _require(isinstance(body, dict), w.BODY_NOT_OBJECT)
    check_text(body.get("text"))
    parse_data = body.get("parse_data")
    if parse_data is not None:
        _require(
            isinstance(parse_data, dict)
            and isinstance(parse_data.get("intent"), dict)
            and isinstance(parse_data.get("entities", []), list),
            w.BAD_PARSE_DATA,
        )


def _check_named(body: Any) -> None:
    _require(
        isinstance(body, dict) and isinstance(body.get("name"), str) and body["name"],
        w.NAME_MISSING,
    )
    _require(
        body.get("entities") is None or isinstance(body["entities"], dict),
        w.ENTITIES_NOT_OBJECT,
    )


def _check_parse(body: Any) -> None:
    _require(isinstance(body, dict), w.BODY_NOT_OBJECT)
    _require(isinstance(body.get("text"), str), w.TEXT_MISSING)
    check_text(body["text"])


_BODY_CHECKS: dict[str, Callable[[Any], None]] = {
    "tracker/events": _check_events,
    "messages": _check_message,
    "execute": _check_named,
    "trigger_intent": _check_named,
    "/model/parse": _check_parse,
}


def check_api_request(method: str, raw_path: str, body: bytes) -> None:
    """Raises BadRequest for an API request that must not reach Rasa; returns for anything else."""
    route = None
    if raw_path.startswith("/conversations/"):
        match = _CONVERSATION.match(raw_path)
        if match is None:
            raise BadRequest(w.UNKNOWN_ROUTE)
        try:
            conversation_id = unquote(match.group("id"), errors="strict")
        except UnicodeDecodeError:
            raise BadRequest(w.BAD_CONVERSATION_ID) from None
        check_id(conversation_id, "conversation_id")
        route = match.group("route")
    elif raw_path.rstrip("/") == "/model/parse":
        route = "/model/parse"
    if route in _BODY_CHECKS and method in ("POST", "PUT"):
        _BODY_CHECKS[route](parse_json(body, "application/json"))


async def api_contract(request: Any) -> Any:
    from bot.rasa_hardening import api_token_matches

    if not request.path.startswith(("/conversations/", "/model/parse")):
        return None
    if not api_token_matches(request.headers.get("authorization")):
        return None  # Rasa's auth answers with 401
    try:
        check_api_request(request.method, request.path, request.body)
    except BadRequest as error:
        return response.json(
            {"status": "failure", "reason": "BadRequest", "message": str(error), "code": error.status},
            status=error.status,
        )
    return None
