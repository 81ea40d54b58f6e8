"""REST channel (/webhooks/rest/webhook): the input contract, server-issued sessions, never a 500.

`sender` is the session token the server issued (from POST /webhooks/rest/session or from an earlier
reply). Without a valid one the message starts a new conversation; either way every reply names the
token to use next, as `recipient_id` and in the `X-Zhaida-Session` header.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import sessions
from bot import wording as w
from bot.channels.inbound import RETRY_AFTER_SECONDS, BadRequest, guard, parse_rest_body
from bot.channels.paused import silent_reply

logger = logging.getLogger(__name__)
SESSION_HEADER = "X-Zhaida-Session"


class PartsCollectingOutput(CollectingOutputChannel):
    """One reply per bot message: its text and buttons together with the parts in `custom` (bot/parts.py),
    where Rasa's channel would split them into two replies."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if message.get("custom") is not None and message.get("text"):
            custom, text, buttons = message["custom"], message["text"], message.get("buttons")
            await self._persist_message(self._message(recipient_id, text=text, buttons=buttons, custom=custom))
            return
        await super().send_response(recipient_id, message)


def refusal(error: BadRequest) -> HTTPResponse:
    return response.json({"error": str(error)}, status=error.status)


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guard(on_new_message)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/session", methods=["POST"])
        async def new_session(_: Request) -> HTTPResponse:
            session = sessions.issue()
            return response.json({"session_id": session.token}, headers={SESSION_HEADER: session.token})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                inbound = parse_rest_body(request.body, request.headers.get("content-type"))
            except BadRequest as error:
                return refusal(error)
            session, _ = sessions.resume_or_issue(inbound.token)
            headers = {SESSION_HEADER: session.token}
            collector = PartsCollectingOutput()
            message = UserMessage(
                inbound.text,
                collector,
                session.conversation_id,
                input_channel=self.name(),
                metadata=inbound.metadata or None,
            )
            try:
                await handle(message)
            except Exception:  # the conversation must survive whatever went wrong in this turn
                logger.exception("rest: a message in conversation %s failed", session.conversation_id)
                headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
                return response.json(
                    [{"recipient_id": session.token, "text": w.FAILURE_REPLY}], status=503, headers=headers
                )
            if not collector.messages:
                text = await silent_reply(request.app, session.conversation_id)  # paused for a person, or a fault
                return response.json([{"recipient_id": session.token, "text": text}], headers=headers)
            for reply in collector.messages:
                reply["recipient_id"] = session.token
            return response.json(collector.messages, headers=headers)

        return webhook
