"""REST channel (/webhooks/rest/webhook) that answers bad input with a 4xx, never a 500."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import FAILURE_REPLY, SILENT_REPLY, BadRequest, guard, parse_rest_body

logger = logging.getLogger(__name__)


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guard(on_new_message)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                inbound = parse_rest_body(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            collector = CollectingOutputChannel()
            message = UserMessage(
                inbound.text, collector, inbound.sender, input_channel=self.name(), metadata=inbound.metadata
            )
            try:
                await handle(message)
            except Exception:  # the conversation must survive whatever went wrong in this turn
                logger.exception("rest: message from %s failed", inbound.sender)
                return response.json([{"recipient_id": inbound.sender, "text": FAILURE_REPLY}], status=503)
            if not collector.messages:
                logger.warning("rest: no reply for a message from %s", inbound.sender)
                return response.json([{"recipient_id": inbound.sender, "text": SILENT_REPLY}])
            return response.json(collector.messages)

        return webhook
