"""What a channel says when a turn produced no reply: during a hand-over that is expected (the bot is paused
while a person has the conversation), otherwise it is a fault to apologise for."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot import wording as w

logger = logging.getLogger(__name__)


async def is_paused(app: Any, conversation_id: str) -> bool:
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None:
        return False
    try:
        tracker = await agent.tracker_store.retrieve(conversation_id)
    except Exception:
        logger.exception("paused: the conversation could not be read")
        return False
    return bool(tracker is not None and tracker.is_paused())


async def silent_reply(app: Any, conversation_id: str) -> str:
    if not await is_paused(app, conversation_id):
        return w.SILENT_REPLY
    from bot import tickets

    active = await asyncio.get_running_loop().run_in_executor(None, tickets.active_tickets, conversation_id)
    return w.paused_notice(active[0].id if active else None)
