"""Serves the chat widget at /webhooks/chat/widget.js and the full-page chat at /webhooks/chat/.

The widget (bot/web/widget.js) talks to the socket.io channel; any page embeds it with one script tag
(bot/channels/socketio.py says which origins may then connect). The full page is the widget in page
mode. Its Content-Security-Policy allows scripts from this origin only, its one inline style by hash,
and connections to this origin. Which sites may frame the page is ZHAIDA_FRAME_ANCESTORS (CSP
`frame-ancestors` sources, default `'self'`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WEB = Path(__file__).resolve().parent.parent / "web"
PAGE = WEB / "chat.html"
WIDGET = WEB / "widget.js"
FRAME_ANCESTORS_ENV = "ZHAIDA_FRAME_ANCESTORS"
_SOURCE = re.compile(r"^('self'|'none'|https://[A-Za-z0-9.-]+(:\d+)?|http://(localhost|127\.0\.0\.1)(:\d+)?)$")


def _hashes(html: str, tag: str) -> str:
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks)


def frame_ancestors() -> str:
    """The configured frame-ancestors sources; anything malformed falls back to 'self'."""
    sources = os.environ.get(FRAME_ANCESTORS_ENV, "'self'").split()
    return " ".join(sources) if sources and all(_SOURCE.match(s) for s in sources) else "'self'"


def page_headers(html: str) -> dict[str, str]:
    ancestors = frame_ancestors()
    headers = {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src 'self'; style-src {_hashes(html, 'style')}; "
            f"connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            f"frame-ancestors {ancestors}"
        ),
        "Cache-Control": "no-cache",
    }
    if ancestors in ("'self'", "'none'"):  # older browsers read only X-Frame-Options
        headers["X-Frame-Options"] = "SAMEORIGIN" if ancestors == "'self'" else "DENY"
    return headers


class ChatPageInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("zhaida_chat_page", __name__)
        html = PAGE.read_text(encoding="utf-8")
        headers = page_headers(html)
        widget = WIDGET.read_bytes()
        widget_headers = {
            "Content-Type": "application/javascript; charset=utf-8",
            "Cache-Control": "no-cache",
            # Host pages on other origins load it with a plain script tag.
            "Cross-Origin-Resource-Policy": "cross-origin",
        }

        @page.route("/", methods=["GET"])
        async def index(_: Request) -> HTTPResponse:
            return response.html(html, headers=headers)

        @page.route("/widget.js", methods=["GET"])
        async def widget_js(_: Request) -> HTTPResponse:
            return response.raw(widget, headers=widget_headers)

        return page
