"""The input contract every channel applies before Rasa or the database sees a message.

Ids come from a safe character class, text is valid Unicode of bounded size, JSON is bounded in size
and depth, metadata is kept only from an allow-list. A refusal is a `BadRequest` whose text says why,
in Chinese and English; nothing refused reaches Rasa.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot import wording as w
from bot.privacy import mask_pii

MAX_MESSAGE_CHARS = 50_000
MAX_BODY_BYTES = 256 * 1024
MAX_ID_CHARS = 128
MAX_JSON_DEPTH = 8
# Conversation ids, session tokens and channel user ids (WeChat openids, our tokens) fit in this class.
_SAFE_ID = re.compile(rf"^[A-Za-z0-9_.:@-]{{1,{MAX_ID_CHARS}}}$")
# Client metadata kept in the tracker: anything else a client sends is dropped, not stored.
_METADATA_VALUES = {"client": re.compile(r"^[a-z][a-z0-9_-]{0,31}$")}

RETRY_AFTER_SECONDS = 5


class BadRequest(ValueError):
    """The request cannot be a user message; the text says why, in Chinese and English."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Inbound:
    token: str | None  # the client's session token, verified later (bot.sessions)
    text: str
    metadata: dict[str, str]


def is_blank(text: str | None) -> bool:
    """True for text with nothing a person could have meant: empty, spaces, control characters."""
    return not text or all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def check_id(value: object, what: str = "sender") -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _SAFE_ID.match(value):
        raise BadRequest(w.BAD_ID.format(what=what, limit=MAX_ID_CHARS))
    return value


def check_text(value: object) -> str:
    """A message text: a string (None counts as empty) of valid Unicode within the length limit."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(w.NOT_A_STRING)
    if len(value) > MAX_MESSAGE_CHARS:
        raise BadRequest(w.TOO_LONG.format(limit=MAX_MESSAGE_CHARS), status=413)
    if not _valid_unicode(value):
        raise BadRequest(w.INVALID_UNICODE)
    return value


def clean_metadata(value: object) -> dict[str, str]:
    """The allow-listed part of client metadata; a non-object is refused, unknown keys are dropped."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadRequest(w.METADATA_NOT_OBJECT)
    kept = {}
    for key, pattern in _METADATA_VALUES.items():
        item = value.get(key)
        if isinstance(item, str) and pattern.match(item):
            kept[key] = item
    return kept


def _valid_unicode(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_structure(value: Any) -> None:
    """Refuses decoded JSON nested deeper than MAX_JSON_DEPTH or holding a string that is not valid Unicode."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(w.TOO_DEEP.format(limit=MAX_JSON_DEPTH))
        if isinstance(item, str):
            if not _valid_unicode(item):
                raise BadRequest(w.INVALID_UNICODE_IN_BODY)
        elif isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def parse_json(body: bytes, content_type: str | None) -> Any:
    """A JSON request body, refused when it is not declared as JSON, too big, too deep or not JSON."""
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        raise BadRequest(w.NOT_JSON_CONTENT_TYPE, status=415)
    if len(body or b"") > MAX_BODY_BYTES:
        raise BadRequest(w.BODY_TOO_LARGE.format(limit=MAX_BODY_BYTES), status=413)
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(w.BODY_NOT_JSON) from None
    check_structure(data)
    return data


def parse_message(data: Any, id_field: str = "sender") -> Inbound:
    """A user message from a decoded JSON object: optional session token, text, metadata."""
    if not isinstance(data, dict):
        raise BadRequest(w.BODY_NOT_OBJECT)
    token = data.get(id_field)
    if token is not None:
        token = check_id(token, id_field)
    return Inbound(token=token, text=check_text(data.get("message")), metadata=clean_metadata(data.get("metadata")))


def parse_rest_body(body: bytes, content_type: str | None = "application/json") -> Inbound:
    return parse_message(parse_json(body, content_type))


def guard(on_new_message: Callable[[Any], Awaitable[Any]]) -> Callable[[Any], Awaitable[Any]]:
    """Wraps Rasa's on_new_message: answers blank messages and senders over the rate limit itself (bot/
    rate_limit.py, shared across replicas through Redis), and masks personal numbers."""
    from bot.rate_limit import RateLimiter

    limiter = RateLimiter.from_env()

    async def handle(message: Any) -> Any:
        if is_blank(message.text):
            await message.output_channel.send_text_message(message.sender_id, w.EMPTY_REPLY)
            return None
        if not await limiter.allow(str(message.sender_id)):
            await message.output_channel.send_text_message(message.sender_id, w.RATE_LIMITED)
            return None
        message.text = mask_pii(message.text)
        return await on_new_message(message)

    return handle
