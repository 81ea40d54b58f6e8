"""A conversation's messages as a chat client shows them, from its stored events (no Rasa imports).

The widget re-draws from this after every (re)connection, so the server is the one record of what was
said: nothing is lost across a reload or a network drop, and nothing is shown twice.
"""

from __future__ import annotations

from typing import Any

from bot.wording import HUMAN_BUTTON

MAX_MESSAGES = 200


def messages(events: list[dict[str, Any]], limit: int = MAX_MESSAGES) -> list[dict[str, Any]]:
    """The last `limit` user and bot messages, oldest first: {"from": "user"|"bot", "text", "buttons", "custom"}.

    A button's payload (「/credit_report」) is shown as the title of the button that sent it, as the user saw it.
    """
    shown: list[dict[str, Any]] = []
    titles: dict[str, str] = {HUMAN_BUTTON["payload"]: HUMAN_BUTTON["title"]}  # the widget's own 转人工 button
    message: dict[str, Any]
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text") or ""
            if not text:
                continue
            message = {"from": "user", "text": titles.get(text, text)}
            cid = (event.get("metadata") or {}).get("cid")
            if isinstance(cid, str):
                message["cid"] = cid  # the widget's id for it: a message the server has is not re-sent
            shown.append(message)
        elif kind == "bot":
            data = event.get("data") or {}
            buttons = [b for b in data.get("buttons") or [] if isinstance(b, dict)]
            for button in buttons:
                if isinstance(button.get("payload"), str) and isinstance(button.get("title"), str):
                    titles[button["payload"]] = button["title"]
            message = {"from": "bot", "text": event.get("text") or ""}
            agent = (event.get("metadata") or {}).get("agent")
            if isinstance(agent, str):
                message["agent"] = agent  # a person's reply during a hand-over
            if buttons:
                message["buttons"] = [{"title": b.get("title"), "payload": b.get("payload")} for b in buttons]
            if data.get("custom") is not None:
                message["custom"] = data["custom"]
            if message["text"] or "custom" in message:
                shown.append(message)
    return shown[-limit:]
