"""New and updated tickets, posted as JSON to a team's own helpdesk (Chatwoot, Zendesk, a webhook of theirs).

Configured by ZHAIDA_TICKET_WEBHOOK_URL (unset: nothing is posted) and optionally
ZHAIDA_TICKET_WEBHOOK_SECRET, with which each body is signed (header X-Zhaida-Signature: sha256=<hex HMAC>).
The post runs in a thread of its own and is retried with backoff, so a slow or failing helpdesk never holds
up a conversation; what still fails after the last try is logged, and the ticket stays in our database.
Everything in the body is masked already (bot/tickets.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

logger = logging.getLogger(__name__)
URL_ENV, SECRET_ENV = "ZHAIDA_TICKET_WEBHOOK_URL", "ZHAIDA_TICKET_WEBHOOK_SECRET"
BACKOFF_SECONDS = (1.0, 2.0, 4.0, 8.0, 16.0)  # waits before the 2nd … 6th try
TIMEOUT_SECONDS = 5.0
# What a helpdesk gets: enough to open its own ticket and link back, never the transcript.
FIELDS = (
    "id",
    "conversation_id",
    "channel",
    "priority",
    "category",
    "reasons",
    "flags",
    "summary",
    "status",
    "opened_because",
    "created_at",
    "updated_at",
)


def body_of(event: str, ticket: dict[str, Any]) -> bytes:
    return json.dumps({"event": event, "ticket": {k: ticket.get(k) for k in FIELDS}}, ensure_ascii=False).encode()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(url: str, body: bytes, secret: str | None, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Posts until the helpdesk answers 2xx or the tries run out; True when it was delivered."""
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "zhaida-tickets/1"}
    if secret:
        headers["X-Zhaida-Signature"] = signature(secret, body)
    for attempt, wait in enumerate((0.0, *BACKOFF_SECONDS), 1):
        sleep(wait)
        try:
            reply = requests.post(url, data=body, headers=headers, timeout=TIMEOUT_SECONDS)
            if 200 <= reply.status_code < 300:
                return True
            problem = f"HTTP {reply.status_code}"
        except requests.RequestException as error:
            problem = type(error).__name__
        logger.warning("ticket webhook: try %d failed (%s)", attempt, problem)
    logger.error("ticket webhook: gave up after %d tries; the ticket is in the database", len(BACKOFF_SECONDS) + 1)
    return False


def notify(event: str, ticket: dict[str, Any]) -> threading.Thread | None:
    """Starts posting in the background and returns at once; None when no webhook is configured."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url.startswith(("https://", "http://")):
        return None
    thread = threading.Thread(
        target=deliver, args=(url, body_of(event, ticket), os.environ.get(SECRET_ENV) or None), daemon=True
    )
    thread.start()
    return thread
