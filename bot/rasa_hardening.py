"""Closes three doors Rasa 3.6 leaves open, at the only seams it offers (module attributes read at start-up).

- The HTTP API token: Rasa takes it on the command line (visible in `ps`) and accepts it as `?token=`
  (kept in logs and browser history). Ours comes from ZHAIDA_API_TOKEN and only in an
  `Authorization: Bearer` header; a token in the URL is refused.
- Tracker-store errors: Rasa wraps every store in FailSafeTrackerStore, which on a database error
  hands back an empty conversation and keeps new events in memory. Our store's errors fail the request
  instead (503, retry), so nothing is silently dropped.
- Every response carries nosniff, no referrer and a strict default CSP; request bodies are bounded;
  Rasa's HTTP API gets the same input contract as our channels (bot/channels/api_contract.py).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from inspect import isawaitable
from typing import Any

from bot import wording as w

API_TOKEN_ENV = "ZHAIDA_API_TOKEN"
MAX_REQUEST_BYTES = 1024 * 1024
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'"
_APPLIED = False


def api_token_matches(header: str | None) -> bool:
    expected = os.environ.get(API_TOKEN_ENV, "")
    scheme, _, provided = (header or "").partition(" ")
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(provided.strip().encode(), expected.encode())
    )


def requires_auth(app: Any, token: str | None = None) -> Callable:
    """Replaces rasa.server.requires_auth; `token` (Rasa's command-line one) is ignored on purpose."""
    from rasa.server import ErrorResponse

    def decorator(f: Callable) -> Callable:
        @wraps(f)
        async def decorated(request: Any, *args: Any, **kwargs: Any) -> Any:
            if "token" in request.args:
                raise ErrorResponse(
                    HTTPStatus.BAD_REQUEST,
                    "TokenInURL",
                    w.TOKEN_IN_URL,
                )
            if not api_token_matches(request.headers.get("authorization")):
                raise ErrorResponse(
                    HTTPStatus.UNAUTHORIZED,
                    "NotAuthenticated",
                    w.TOKEN_REQUIRED,
                )
            result = f(request, *args, **kwargs)
            return await result if isawaitable(result) else result

        return decorated

    return decorator


async def security_headers(_request: Any, response: Any) -> None:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Content-Security-Policy", DEFAULT_CSP)


def apply() -> None:
    """Installs the three changes (idempotent). Must run before Rasa builds its app and agent."""
    global _APPLIED
    if _APPLIED:
        return
    import rasa.server
    from rasa.core import agent
    from rasa.core.channels import channel

    rasa.server.requires_auth = requires_auth

    def _create_tracker_store(store: Any, domain: Any) -> Any:
        if store is not None and getattr(store, "fails_loudly", False):
            store.domain = domain
            return store
        return original_create(store, domain)

    original_create = agent.Agent._create_tracker_store
    agent.Agent._create_tracker_store = staticmethod(_create_tracker_store)

    original_register = channel.register

    def register(input_channels: Any, app: Any, route: Any) -> None:
        from bot.channels.api_contract import api_contract

        app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
        app.register_middleware(security_headers, "response")
        app.register_middleware(api_contract, "request")
        from bot.channels.agent_console import blueprint as console_blueprint
        from bot.channels.triage_api import blueprint as triage_blueprint

        app.blueprint(triage_blueprint())
        app.blueprint(console_blueprint())
        original_register(input_channels, app, route)

    channel.register = register
    _APPLIED = True
