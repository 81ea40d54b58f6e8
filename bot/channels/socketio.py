"""socket.io channel for the web widget: the input contract, server-issued sessions bound to the socket.

A socket proves which conversation it belongs to once, with `session_request` and a token the server
issued; the binding is kept on the server, so a later `session_id` in a message cannot move the socket
into someone else's conversation. A missing, forged or unsigned token gets a new conversation, and
`session_confirm` tells the client the token to keep.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot import sessions
from bot import wording as w
from bot.channels.inbound import (
    MAX_BODY_BYTES,
    BadRequest,
    check_text,
    clean_metadata,
    guard,
)

logger = logging.getLogger(__name__)


class _CountingOutput(SocketIOOutput):
    sent = 0

    async def _send_message(self, socket_id: str, message: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, message)


class MaskedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guard(on_new_message)
        # The engine refuses frames bigger than a REST body before they are decoded.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=MAX_BODY_BYTES)
        self.sio = sio
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)

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
            return session

        async def tell(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            await bind(sid, data.get("session_id") if isinstance(data, dict) else None)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            try:
                if not isinstance(data, dict):
                    raise BadRequest(w.MESSAGE_NOT_OBJECT)
                text = check_text(data.get("message"))
                metadata = clean_metadata(data.get(self.metadata_key))
            except BadRequest as error:
                await tell(sid, str(error))
                return
            conversation = (await sio.get_session(sid, namespace=self.namespace)).get("conversation")
            if conversation is None:  # a client that skipped session_request gets a conversation of its own
                conversation = (await bind(sid, None)).conversation_id
            output = _CountingOutput(sio, self.bot_message_evt)
            message = UserMessage(text, output, conversation, input_channel=self.name(), metadata=metadata or None)
            try:
                await handle(message)
            except Exception:  # the conversation must survive whatever went wrong in this turn
                logger.exception("socketio: a message in conversation %s failed", conversation)
                await tell(sid, w.FAILURE_REPLY)
                return
            if not output.sent:
                await tell(sid, w.SILENT_REPLY)

        return webhook
