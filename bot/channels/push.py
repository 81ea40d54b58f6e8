"""Messages the bot did not answer itself (an agent's reply, the hand-back) pushed to a user's channel.

Each channel that can reach a user on its own registers a pusher when Rasa builds it: socket.io emits to
the conversation's room, WeChat and WeCom send a customer-service message. REST cannot push; its users
see the agent's messages in the conversation's history.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)
# (conversation id, message) → delivered? A message is {"text": …} and, from a person, {"agent": name}.
Pusher = Callable[[str, dict], Awaitable[bool]]
_PUSHERS: dict[str, Pusher] = {}


def register(channel: str, pusher: Pusher) -> None:
    _PUSHERS[channel] = pusher


async def push(channel: str, conversation_id: str, message: dict) -> bool:
    """True when the channel took the message; False when it cannot push or failed (logged)."""
    pusher = _PUSHERS.get(channel)
    if pusher is None:
        return False
    try:
        return await pusher(conversation_id, message)
    except Exception:
        logger.exception("push: %s could not deliver to a conversation", channel)
        return False
