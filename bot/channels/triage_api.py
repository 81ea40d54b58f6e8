"""POST /triage on the Rasa server: intent, priority, flags and summary for a message, a conversation or a batch.

Behind `Authorization: Bearer $ZHAIDA_API_TOKEN` (bot/rasa_hardening.py); without the variable the route
refuses every request. Messages are masked before the NLU reads them, as on every channel; a conversation
is triaged from its stored messages and their stored NLU readings. The description is docs/triage-openapi.yml.
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import wording as w
from bot.channels.inbound import BadRequest, check_id, check_text, is_blank, parse_json
from bot.privacy import mask_pii
from bot.triage import triage_conversation, triage_message
from bot.triage.table import reading_of, readings_of

logger = logging.getLogger(__name__)
MAX_BATCH = 100


def blueprint() -> Blueprint:
    bp = Blueprint("zhaida_triage")

    async def one(request: Request, item: Any) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise BadRequest(w.TRIAGE_ITEM)
        agent = request.app.ctx.agent
        if isinstance(item.get("conversation_id"), str):
            conversation = check_id(item["conversation_id"], "conversation_id")
            try:
                tracker = await agent.tracker_store.retrieve(conversation)
            except Exception:  # a database fault fails this request, not the server
                logger.exception("triage: the conversation could not be read")
                raise BadRequest(w.TRIAGE_UNAVAILABLE, status=503) from None
            if tracker is None:
                raise BadRequest(w.TRIAGE_NO_CONVERSATION, status=404)
            result = triage_conversation(readings_of([e.as_dict() for e in tracker.events]))
            return {"conversation_id": conversation, **result.as_dict()}
        text = check_text(item.get("text"))
        if is_blank(text):
            raise BadRequest(w.TRIAGE_ITEM)
        text = mask_pii(text)
        parse = await agent.parse_message(text)
        return triage_message(reading_of(text, parse)).as_dict()

    @bp.route("/triage", methods=["POST"])
    async def triage(request: Request) -> HTTPResponse:
        from bot.rasa_hardening import api_token_matches

        if not api_token_matches(request.headers.get("authorization")):
            return response.json({"error": w.TOKEN_REQUIRED}, status=401)
        try:
            body = parse_json(request.body, request.headers.get("content-type"))
            if isinstance(body, dict) and "items" in body:
                items = body["items"]
                if not isinstance(items, list) or not 0 < len(items) <= MAX_BATCH:
                    raise BadRequest(w.TRIAGE_BATCH.format(limit=MAX_BATCH))
                results = []
                for item in items:
                    try:
                        results.append(await one(request, item))
                    except BadRequest as error:
                        results.append({"error": str(error), "status": error.status})
                return response.json({"results": results})
            return response.json(await one(request, body))
        except BadRequest as error:
            return response.json({"error": str(error)}, status=error.status)

    return bp
