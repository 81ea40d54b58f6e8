"""action_request_human and action_crisis_ticket: open a hand-over ticket (bot/tickets.py) with the
conversation's triage, masked transcript and slots; the first also tells the user what happens next."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher

from bot import service_hours, ticket_events, tickets, wording
from bot.answering import QUESTION_PREFIX
from bot.topics import DEBT_TOPICS
from bot.triage import triage_conversation
from bot.triage.priority import P1
from bot.triage.table import readings_of


def opening(tracker: Tracker, because: str) -> tickets.Opening:
    events = list(tracker.events)
    result = triage_conversation(readings_of(events))
    priority, reasons = result.priority, result.reasons
    if because == tickets.CRISIS and priority != P1:  # the crisis answer was given: a person must look first
        priority, reasons = P1, [*reasons, wording.TICKET_CRISIS_REASON]
    category = result.intent
    last = str(tracker.get_slot("last_answer") or "").removeprefix(QUESTION_PREFIX).split(":")[0]
    if category in (None, "inform", "out_of_scope") and last in DEBT_TOPICS:  # facts only: the topic answered
        category = last
    return tickets.Opening(
        conversation_id=tracker.sender_id,
        channel=tracker.get_latest_input_channel() or "",
        priority=priority,
        category=category,
        reasons=reasons,
        flags=result.flags,
        summary=result.summary,
        transcript=tickets.transcript_of(events),
        slots=tickets.slots_of(dict(tracker.slots)),
        opened_because=because,
    )


def open_and_announce(opened: tickets.Opening) -> int:
    """Stores the ticket, then hands it to the helpdesk webhook, if any, in the background."""
    number, new = tickets.open_ticket(opened)
    ticket = tickets.get(number)
    if ticket is not None:
        ticket_events.notify("ticket.opened" if new else "ticket.updated", ticket.as_dict())
    return number


async def open_ticket(tracker: Tracker, because: str) -> int:
    # The database call blocks; keep the action server's event loop free.
    return await asyncio.get_running_loop().run_in_executor(None, open_and_announce, opening(tracker, because))


def registered(number: int) -> str:
    return wording.handoff_registered(
        number, service_hours.label(), service_hours.open_at(), service_hours.next_opening()
    )


async def crisis_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After a crisis answer: a P1 ticket, and the user is told a person will look first. The bot is not paused,
    so that it keeps answering with the emergency numbers until a person takes over."""
    number = await open_ticket(tracker, tickets.CRISIS)
    dispatcher.utter_message(text=registered(number))


async def request_human(
    dispatcher: CollectingDispatcher, tracker: Tracker, because: str = tickets.USER_REQUEST
) -> list[dict[str, Any]]:
    """Opens (or refreshes) the ticket, tells the user honestly what happens next and when, pauses the bot."""
    number = await open_ticket(tracker, because)
    dispatcher.utter_message(text=registered(number))
    # The bot stays quiet in this conversation until an agent hands it back (bot/channels/agent_console.py);
    # meanwhile the channels tell the user their messages reach the agent (bot/channels/paused.py).
    return [ConversationPaused()]


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return await request_human(dispatcher, tracker)


class ActionCrisisTicket(Action):
    """After the crisis answer: a P1 ticket, so that a person sees it first, and the user is told so."""

    def name(self) -> str:
        return "action_crisis_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        await crisis_ticket(dispatcher, tracker)
        return []
