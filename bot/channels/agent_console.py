"""The agent console (/agent/) and its API, on the Rasa server, behind `Authorization: Bearer $ZHAIDA_API_TOKEN`.

An agent names themself in `X-Zhaida-Agent`. They see open tickets by priority and age, claim one (one agent
only), read the conversation live from the tracker store, reply into the user's own channel (bot/channels/
push.py), and hand the conversation back. While a ticket is open the bot is paused for that conversation
(action_request_human); the hand-back resumes it. Every agent action goes to ticket_log. The page renders
user text as text only; its Content-Security-Policy allows scripts from this origin only.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import tickets
from bot import wording as w
from bot.channels import push
from bot.channels.history import messages as history_of
from bot.channels.inbound import BadRequest, check_text, is_blank, parse_json

logger = logging.getLogger(__name__)
WEB = Path(__file__).resolve().parent.parent / "web"
_AGENT = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,32}$")
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class Refused(Exception):
    def __init__(self, text: str, status: int):
        super().__init__(text)
        self.status = status


def _agent_of(request: Request) -> str:
    from bot.rasa_hardening import api_token_matches

    if "token" in request.args or not api_token_matches(request.headers.get("authorization")):
        raise Refused(w.TOKEN_REQUIRED, 401)
    name = unquote(request.headers.get("x-zhaida-agent") or "").strip()  # the console percent-encodes 汉字
    if not _AGENT.match(name):
        raise Refused(w.AGENT_NAME_REQUIRED, 400)
    return name


async def _blocking(function: Any, *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


async def append_events(app: Any, conversation_id: str, events: list[Any]) -> None:
    """Adds events to a conversation under its lock, as a turn of the bot would."""
    agent = app.ctx.agent
    async with agent.lock_store.lock(conversation_id):
        tracker = await agent.tracker_store.get_or_create_tracker(conversation_id)
        for event in events:
            tracker.update(event)
        await agent.tracker_store.save(tracker)


def blueprint() -> Blueprint:
    bp = Blueprint("zhaida_agent_console", url_prefix="/agent")
    page = (WEB / "console.html").read_text(encoding="utf-8")
    script = (WEB / "console.js").read_bytes()
    style = (WEB / "console.css").read_bytes()

    async def ticket_or_404(number: int) -> tickets.Ticket:
        ticket = await _blocking(tickets.get, number)
        if ticket is None:
            raise Refused(w.TICKET_NOT_FOUND, 404)
        return ticket

    async def held(request: Request, number: int) -> tuple[str, tickets.Ticket]:
        """The agent asking and the ticket, which that agent must hold."""
        agent = _agent_of(request)
        ticket = await ticket_or_404(number)
        if ticket.status != tickets.CLAIMED or ticket.agent != agent:
            raise Refused(w.TICKET_NOT_YOURS, 403)
        return agent, ticket

    def refusal(error: Exception) -> HTTPResponse:
        status = getattr(error, "status", 400)
        return response.json({"error": str(error)}, status=status)

    @bp.route("/", methods=["GET"])
    async def console(_: Request) -> HTTPResponse:
        return response.html(page, headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"})

    @bp.route("/console.js", methods=["GET"])
    async def console_js(_: Request) -> HTTPResponse:
        return response.raw(script, headers={"Content-Type": "application/javascript; charset=utf-8"})

    @bp.route("/console.css", methods=["GET"])
    async def console_css(_: Request) -> HTTPResponse:
        return response.raw(style, headers={"Content-Type": "text/css; charset=utf-8"})

    @bp.route("/tickets", methods=["GET"])
    async def listing(request: Request) -> HTTPResponse:
        try:
            _agent_of(request)
        except Refused as error:
            return refusal(error)
        rows = await _blocking(tickets.active_tickets)
        keep = ("id", "conversation_id", "channel", "priority", "category", "reasons", "flags", "summary", "status")
        items = [{k: v for k, v in t.as_dict().items() if k in (*keep, "agent", "created_at")} for t in rows]
        return response.json({"tickets": items})

    @bp.route("/tickets/<number:int>", methods=["GET"])
    async def detail(request: Request, number: int) -> HTTPResponse:
        try:
            _agent_of(request)
            ticket = await ticket_or_404(number)
        except Refused as error:
            return refusal(error)
        data = ticket.as_dict()
        tracker = await request.app.ctx.agent.tracker_store.retrieve(ticket.conversation_id)
        if tracker is not None:  # the live conversation, the user's messages since the ticket included
            data["messages"] = history_of([e.as_dict() for e in tracker.events])
        data["log"] = [
            {"actor": e.actor, "action": e.action, "at": e.at.isoformat()}
            for e in await _blocking(tickets.log_of, number)
        ]
        return response.json(data)

    @bp.route("/tickets/<number:int>/claim", methods=["POST"])
    async def claim(request: Request, number: int) -> HTTPResponse:
        try:
            agent = _agent_of(request)
            await ticket_or_404(number)
        except Refused as error:
            return refusal(error)
        if not await _blocking(tickets.claim, number, agent):
            return response.json({"error": w.TICKET_TAKEN}, status=409)
        return response.json({"ok": True, "agent": agent})

    @bp.route("/tickets/<number:int>/reply", methods=["POST"])
    async def reply(request: Request, number: int) -> HTTPResponse:
        from rasa.shared.core.events import BotUttered

        from bot.privacy import mask_pii

        try:
            agent, ticket = await held(request, number)
            body = parse_json(request.body, request.headers.get("content-type"))
            text = check_text(body.get("text") if isinstance(body, dict) else None)
            if is_blank(text):
                raise Refused(w.AGENT_TEXT_REQUIRED, 400)
        except (Refused, BadRequest) as error:
            return refusal(error)
        text = mask_pii(text)
        await append_events(request.app, ticket.conversation_id, [BotUttered(text, metadata={"agent": agent})])
        delivered = await push.push(ticket.channel, ticket.conversation_id, {"text": text, "agent": agent})
        await _blocking(tickets.record, number, agent, "replied", "pushed" if delivered else "stored")
        return response.json({"ok": True, "delivered": delivered})

    @bp.route("/tickets/<number:int>/handback", methods=["POST"])
    async def handback(request: Request, number: int) -> HTTPResponse:
        from rasa.shared.core.constants import ACTION_LISTEN_NAME
        from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed

        try:
            agent, ticket = await held(request, number)
        except Refused as error:
            return refusal(error)
        # The bot listens again: without a listen before the user's next message, no rule would match it.
        events = [ConversationResumed(), BotUttered(w.HANDED_BACK), ActionExecuted(ACTION_LISTEN_NAME)]
        await append_events(request.app, ticket.conversation_id, events)
        await push.push(ticket.channel, ticket.conversation_id, {"text": w.HANDED_BACK})
        await _blocking(tickets.close, number, agent)
        return response.json({"ok": True})

    return bp
