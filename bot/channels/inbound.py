"""What every channel does to a user message before Rasa sees it: validate, mask, answer the empty."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from bot.privacy import mask_pii

MAX_MESSAGE_CHARS = 50_000
MAX_SENDER_CHARS = 128
EMPTY_REPLY = "您好像没有输入内容。请用一两句话说说您遇到的情况，比如“借呗逾期三个月了会怎样”。"
FAILURE_REPLY = "抱歉，系统刚才出了点问题，您的消息没有丢失。请稍后再发一次。"
# A turn that produced no reply (a failed action) still owes the user an answer.
SILENT_REPLY = "抱歉，我这边刚才没处理好这条消息，已经记下了。您可以换个说法再问一次，或者发送“转人工”。"


class BadRequest(ValueError):
    """The request cannot be a user message; the text says why, in Chinese and English."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Inbound:
    sender: str
    text: str
    metadata: dict[str, Any] | None


def is_blank(text: str | None) -> bool:
    """True for text with nothing a person could have meant: empty, spaces, control characters."""
    return not text or all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def parse_rest_body(body: bytes) -> Inbound:
    """Validates a REST webhook body: a JSON object with a string `message` and a `sender`."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("请求体必须是JSON对象 (body must be a JSON object)") from None
    if not isinstance(data, dict):
        raise BadRequest("请求体必须是JSON对象 (body must be a JSON object)")
    sender = data.get("sender")
    if isinstance(sender, (int, float)) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f"缺少sender或格式不对 (sender must be a non-empty string of at most {MAX_SENDER_CHARS} characters)")
    text = data.get("message", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise BadRequest("message必须是字符串 (message must be a string)")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadRequest(f"消息太长，请分几次发送 (message longer than {MAX_MESSAGE_CHARS} characters)", status=413)
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("metadata必须是JSON对象 (metadata must be an object)")
    return Inbound(sender=sender, text=text, metadata=metadata)


def guard(on_new_message: Callable[[Any], Awaitable[Any]]) -> Callable[[Any], Awaitable[Any]]:
    """Wraps Rasa's on_new_message: masks personal numbers and answers blank messages itself."""

    async def handle(message: Any) -> Any:
        if is_blank(message.text):
            await message.output_channel.send_text_message(message.sender_id, EMPTY_REPLY)
            return None
        message.text = mask_pii(message.text)
        return await on_new_message(message)

    return handle
