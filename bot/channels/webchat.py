"""Serves the chat page at /webhooks/chat/; the page talks to the REST channel on the same origin."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

PAGE = Path(__file__).resolve().parent.parent / "web" / "chat.html"


class ChatPageInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("zhaida_chat_page", __name__)
        html = PAGE.read_text(encoding="utf-8")

        @page.route("/", methods=["GET"])
        async def index(_: Request) -> HTTPResponse:
            return response.html(html)

        return page
