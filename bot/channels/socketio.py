"""socket.io channel for the web widget: the input contract, server-issued sessions bound to the socket.

A socket proves which conversation it belongs to once, with `session_request` and a token the server
issued; the binding is kept on the server, so a later `session_id` in a message cannot move the socket
into someone else's conversation. A missing, forged or unsigned token gets a new conversation, and
`session_confirm` tells the client the token to keep.

After every binding the server sends `history`, the conversation as stored (bot/channels/history.py),
read under the conversation's lock so that a turn in progress is complete in it; the widget re-draws
from it, so a reload or a reconnection neither loses nor repeats a message. A message may carry a
client id (`cid`): one the conversation has already received is acknowledged and not answered again,
so a widget can re-send what it is unsure went out.

Origins: the page's own, and those in ZHAIDA_WIDGET_ORIGINS (space-separated, `*` for any), may connect.
"""

from __future__ import annotations

import logging
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import socketio
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot import sessions
from bot import wording as w
from bot.channels import push
from bot.channels.history import messages as history_of
from bot.channels.inbound import (
    MAX_BODY_BYTES,
    BadRequest,
    check_text,
    clean_metadata,
    guard,
)
from bot.channels.paused import silent_reply

logger = logging.getLogger(__name__)
WIDGET_ORIGINS_ENV = "ZHAIDA_WIDGET_ORIGINS"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def origin_allowed(origin: str | None, environ: dict) -> bool:
    """The page's own origin (scheme and Host of the request) and the configured ones."""
    if not origin:
        return True  # not a browser: nothing to protect (sessions are still server-issued)
    allowed = os.environ.get(WIDGET_ORIGINS_ENV, "").split()
    if "*" in allowed or origin in allowed:
        return True
    # Same origin by host: behind a TLS proxy the scheme the server sees may differ from the page's.
    return urlsplit(origin).netloc == environ.get("HTTP_HOST", "")


class _AppBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, keeping the app it is registered on (for the agent's stores)."""

    def register(self, app: Any, options: dict[str, Any]) -> None:
        self.ctx.app = app  # Sanic blueprints take no attributes of their own
        super().register(app, options)


class RecentIds:
    """Client message ids seen per conversation, bounded; a repeated one is not answered twice."""

    def __init__(self, size: int = 50_000):
        self.size = size
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def first_time(self, conversation: str, cid: str) -> bool:
        key = (conversation, cid)
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True


class _CountingOutput(SocketIOOutput):
    """Emits each bot message as one event: text, buttons as quick_replies, and `custom` (the reply's parts,
    bot/parts.py, or the plan's table); Rasa's channel would emit the custom payload apart, as keyword
    arguments of emit."""

    sent = 0

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        event: dict[str, Any] = {}
        if message.get("text"):
            event["text"] = message["text"]
        if message.get("buttons"):
            event["quick_replies"] = [
                {"content_type": "text", "title": b.get("title"), "payload": b.get("payload")}
                for b in message["buttons"]
            ]
        if message.get("custom") is not None:
            event["custom"] = message["custom"]
        if not event:
            await super().send_response(recipient_id, message)
            return
        self.sent += 1
        await self.sio.emit(self.bot_message_evt, event, room=recipient_id)

    async def _send_message(self, socket_id: str, message: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, message)


class MaskedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guard(on_new_message)
        # The engine refuses frames bigger than a REST body before they are decoded.
        # With several replicas, an emit (an agent's reply, a hand-back) must reach a socket held by another
        # replica: python-socketio's Redis manager relays emits between processes.
        redis_url = os.environ.get("ZHAIDA_REDIS_URL", "").strip()
        manager = socketio.AsyncRedisManager(redis_url, channel="zhaida-socketio") if redis_url else None
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=origin_allowed,
            max_http_buffer_size=MAX_BODY_BYTES,
            client_manager=manager,
        )
        self.sio = sio
        webhook = _AppBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        recent = RecentIds()

        async def send_history(sid: str, conversation: str) -> None:
            app = getattr(webhook.ctx, "app", None)
            agent = getattr(getattr(app, "ctx", None), "agent", None)
            if agent is None or agent.tracker_store is None:
                return
            try:
                async with agent.lock_store.lock(conversation):  # a turn in progress is complete in it
                    tracker = await agent.tracker_store.retrieve(conversation)
            except Exception:  # no history is better than no conversation
                logger.exception("socketio: the history of %s could not be read", conversation)
                return
            events = [e.as_dict() for e in tracker.events] if tracker is not None else []
            await sio.emit("history", {"messages": history_of(events)}, room=sid, namespace=self.namespace)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def bind(sid: str, token: object) -> sessions.Session:
            session, _ = sessions.resume_or_issue(token)
            previous = (await sio.get_session(sid, namespace=self.namespace)).get("conversation")
            if previous and previous != session.conversation_id:
                await sio.leave_room(sid, previous, namespace=self.namespace)
            await sio.save_session(sid, {"conversation": session.conversation_id}, namespace=self.namespace)
            # A coroutine since python-socketio 5.10 (the reason Rasa's own channel broke: rasa issue 13027).
            await sio.enter_room(sid, session.conversation_id, namespace=self.namespace)
            await sio.emit("session_confirm", session.token, room=sid, namespace=self.namespace)
            await send_history(sid, session.conversation_id)
            return session

        async def tell(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        async def push_to(conversation: str, message: dict) -> bool:
            """An agent's reply or the hand-back, to every socket of the conversation."""
            await sio.emit(self.bot_message_evt, message, room=conversation, namespace=self.namespace)
            return True

        push.register(self.name(), push_to)

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            await bind(sid, data.get("session_id") if isinstance(data, dict) else None)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> dict[str, Any]:
            try:
                if not isinstance(data, dict):
                    raise BadRequest(w.MESSAGE_NOT_OBJECT)
                text = check_text(data.get("message"))
                metadata = clean_metadata(data.get(self.metadata_key))
            except BadRequest as error:
                await tell(sid, str(error))
                return {"ok": False}
            conversation = (await sio.get_session(sid, namespace=self.namespace)).get("conversation")
            if conversation is None:  # a client that skipped session_request gets a conversation of its own
                conversation = (await bind(sid, None)).conversation_id
            cid = data.get("cid")
            if isinstance(cid, str) and _CLIENT_ID.match(cid):
                if not recent.first_time(conversation, cid):
                    return {"ok": True, "duplicate": True}
                metadata["cid"] = cid  # stored with the message, so the history tells the widget it arrived
            output = _CountingOutput(sio, self.bot_message_evt)
            message = UserMessage(text, output, conversation, input_channel=self.name(), metadata=metadata or None)
            try:
                await handle(message)
            except Exception:  # the conversation must survive whatever went wrong in this turn
                logger.exception("socketio: a message in conversation %s failed", conversation)
                await tell(sid, w.FAILURE_REPLY)
                return {"ok": False}
            if not output.sent:  # paused for a person, or a fault
                await tell(sid, await silent_reply(webhook.ctx.app, conversation))
            return {"ok": True}

        return webhook
