"""The action server, private: rasa-sdk's app behind a shared secret, bounded bodies, quiet errors.

    python -m bot.action_server --port 5055

rasa-sdk alone listens on 0.0.0.0 without authentication, inflates deflate bodies without a limit
and echoes the request in its error responses. Here it binds to ZHAIDA_ACTIONS_HOST (127.0.0.1),
every call must carry `Authorization: Bearer $ZHAIDA_ACTIONS_TOKEN` (the Rasa server sends it, see
endpoints.yml), and a body may be at most MAX_BODY_BYTES before and after decompression.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import zlib
from typing import Any

from sanic import response

from bot.rasa_hardening import security_headers

TOKEN_ENV = "ZHAIDA_ACTIONS_TOKEN"
HOST_ENV = "ZHAIDA_ACTIONS_HOST"
MAX_BODY_BYTES = 1024 * 1024
OPEN_PATHS = frozenset({"/health"})
logger = logging.getLogger("bot.action_server")


def _refuse(status: int, reason: str) -> Any:
    return response.json({"error": reason}, status=status)


def inflate(body: bytes, limit: int = MAX_BODY_BYTES) -> bytes | None:
    """A deflate body inflated, or None when it is malformed or inflates past `limit`."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error:
        return None
    if len(data) > limit or inflater.unconsumed_tail:
        return None
    return data


def envelope_problem(body: bytes) -> str | None:
    """What is wrong with an action call's envelope, or None; rasa-sdk assumes these shapes and fails with a 500."""
    try:
        call = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "body is not JSON"
    if not isinstance(call, dict):
        return "body must be an object"
    tracker = call.get("tracker")
    shapes = [
        (call.get("next_action"), str, False),
        (tracker, dict, False),
        (call.get("domain"), dict, True),
        (call.get("version"), str, True),
        (call.get("sender_id"), str, True),
    ]
    if isinstance(tracker, dict):
        shapes += [
            (tracker.get("sender_id"), str, True),
            (tracker.get("slots"), dict, True),
            (tracker.get("latest_message"), dict, True),
            (tracker.get("events"), list, True),
            (tracker.get("active_loop"), dict, True),
        ]
        events = tracker.get("events") or []
        if isinstance(events, list) and not all(isinstance(e, dict) for e in events):
            return "tracker events must be objects"
    for value, kind, optional in shapes:
        if not isinstance(value, kind) and not (optional and value is None):
            return "action call does not have the expected shape"
    return None


def create_app(token: str, package: str = "actions") -> Any:
    import hmac

    from rasa_sdk.endpoint import create_app as sdk_app

    app = sdk_app(package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    expected = f"Bearer {token}".encode()

    @app.middleware("request")
    async def authenticate(request: Any) -> Any:
        if request.path in OPEN_PATHS:
            return None
        provided = (request.headers.get("authorization") or "").encode()
        if not token or not hmac.compare_digest(provided, expected):
            return _refuse(401, "unauthorized")
        if (request.headers.get("content-encoding") or "").lower() == "deflate":
            body = inflate(request.body)
            if body is None:
                return _refuse(413, "body malformed or too large after decompression")
            request.body = body
            del request.headers["content-encoding"]
        if request.path == "/webhook" and request.method == "POST":
            problem = envelope_problem(request.body)
            if problem:
                return _refuse(400, problem)
        return None

    app.register_middleware(security_headers, "response")

    # rasa-sdk's handler puts the request body into the error response; ours says only what failed.
    @app.exception(Exception)
    async def quiet_errors(request: Any, exception: Exception) -> Any:
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            logger.error("action server: %s on %s", type(exception).__name__, request.path, exc_info=exception)
            return _refuse(500, "action failed")
        return _refuse(status, type(exception).__name__)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ZHAIDA_ACTIONS_PORT", "5055")))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"{TOKEN_ENV} is not set: every action call would be refused. `make run` sets it.", file=sys.stderr)
        return 2
    host = os.environ.get(HOST_ENV, "127.0.0.1")
    logger.info("action server on http://%s:%s (calls need the shared token)", host, args.port)
    create_app(token).run(host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
