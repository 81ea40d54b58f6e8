"""Hand-over tickets: a conversation a person must take, with everything they need to take it without asking
again (priority, category, summary, masked transcript, slots), and a log of who did what and when.

One open ticket per conversation: a second request (or a crisis after a request) updates it, raising its
priority, instead of queueing the person twice. A ticket is claimed by one agent only: the claim is a single
conditional UPDATE, so two agents racing for it cannot both win. Everything stored is masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, update

from bot import db
from bot.privacy import mask_pii

OPEN, CLAIMED, CLOSED = "open", "claimed", "closed"
ACTIVE = (OPEN, CLAIMED)
USER_REQUEST, CRISIS, LOW_CONFIDENCE = "user_request", "crisis", "low_confidence"
TRANSCRIPT_MESSAGES = 60
MESSAGE_CHARS = 2000
BOT = "bot"


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Ticket(db.Base):
    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    channel = Column(String(32), nullable=False, default="")
    priority = Column(String(2), nullable=False, default="P3")
    category = Column(String(64), nullable=True)
    reasons = Column(Text, nullable=False, default="[]")  # JSON list of Chinese reasons
    flags = Column(Text, nullable=False, default="[]")  # JSON list
    summary = Column(Text, nullable=False, default="")
    transcript = Column(Text, nullable=False, default="[]")  # JSON list of {from, text, at}
    slots = Column(Text, nullable=False, default="{}")  # JSON object
    opened_because = Column(String(32), nullable=False, default=USER_REQUEST)
    status = Column(String(16), nullable=False, default=OPEN, index=True)
    agent = Column(String(64), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=_now)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=_now)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "channel": self.channel,
            "priority": self.priority,
            "category": self.category,
            "reasons": json.loads(self.reasons or "[]"),
            "flags": json.loads(self.flags or "[]"),
            "summary": self.summary,
            "transcript": json.loads(self.transcript or "[]"),
            "slots": json.loads(self.slots or "{}"),
            "opened_because": self.opened_because,
            "status": self.status,
            "agent": self.agent,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


class TicketLog(db.Base):
    """Who did what to a ticket, and when: the bot opening it, an agent claiming, replying, handing back."""

    __tablename__ = "ticket_log"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False, index=True)
    actor = Column(String(64), nullable=False)
    action = Column(String(32), nullable=False)
    detail = Column(Text, nullable=False, default="")
    at = Column(DateTime(timezone=True), nullable=False, default=_now)


@dataclass(frozen=True)
class Opening:
    """What the bot knows when it opens a ticket (from bot.triage and the tracker)."""

    conversation_id: str
    channel: str
    priority: str
    category: str | None
    reasons: list[str]
    flags: list[str]
    summary: str
    transcript: list[dict[str, Any]]
    slots: dict[str, Any]
    opened_because: str


def transcript_of(events: list[dict[str, Any]], limit: int = TRANSCRIPT_MESSAGES) -> list[dict[str, Any]]:
    """The last user and bot messages of a tracker's events, masked: {from, text, at (UNIX seconds)}."""
    lines = []
    for e in events:
        if e.get("event") in ("user", "bot") and e.get("text"):
            text = mask_pii(str(e["text"]))[:MESSAGE_CHARS]
            lines.append({"from": e["event"], "text": text, "at": e.get("timestamp")})
    return lines[-limit:]


def slots_of(slots: dict[str, Any]) -> dict[str, Any]:
    """The slots that say something about the person's case, strings masked (Rasa's own are left out)."""
    return {
        k: mask_pii(v) if isinstance(v, str) else v
        for k, v in slots.items()
        if isinstance(v, str | int | float | bool)
        and v != ""
        and not k.startswith(("session_started", "requested_slot"))
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def open_ticket(opening: Opening, url: str | None = None) -> tuple[int, bool]:
    """(ticket id, whether it is new). An active ticket of the conversation is updated instead, its priority
    raised if this one is higher, its summary, transcript and slots refreshed."""
    now = _now()
    with db.session(url) as s:
        ticket = (
            s.query(Ticket)
            .filter(Ticket.conversation_id == opening.conversation_id, Ticket.status.in_(ACTIVE))
            .order_by(Ticket.id.desc())
            .with_for_update()
            .first()
        )
        new = ticket is None
        if ticket is None:
            ticket = Ticket(conversation_id=opening.conversation_id, created_at=now, status=OPEN)
            s.add(ticket)
        if new or opening.priority < ticket.priority:  # "P1" < "P2" < "P3"
            ticket.priority = opening.priority
            ticket.reasons = _json(opening.reasons)
            ticket.opened_because = opening.opened_because
        ticket.channel = opening.channel or ticket.channel or ""
        ticket.category = opening.category
        ticket.flags = _json(opening.flags)
        ticket.summary = mask_pii(opening.summary)
        ticket.transcript = _json(opening.transcript)
        ticket.slots = _json(opening.slots)
        ticket.updated_at = now
        s.flush()
        s.add(
            TicketLog(
                ticket_id=ticket.id,
                actor=BOT,
                action="opened" if new else "updated",
                detail=opening.opened_because,
                at=now,
            )
        )
        return ticket.id, new


def active_tickets(conversation_id: str | None = None, url: str | None = None) -> list[Ticket]:
    """Open and claimed tickets, highest priority first, then oldest first."""
    with db.session(url) as s:
        query = s.query(Ticket).filter(Ticket.status.in_(ACTIVE))
        if conversation_id:
            query = query.filter(Ticket.conversation_id == conversation_id)
        return list(query.order_by(Ticket.priority, Ticket.created_at, Ticket.id))


def claim(ticket_id: int, agent: str, url: str | None = None) -> bool:
    """True when this agent now holds the ticket; False when it was not open (another agent was faster)."""
    now = _now()
    with db.session(url) as s:
        done = s.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id, Ticket.status == OPEN)
            .values(status=CLAIMED, agent=agent, updated_at=now)
        )
        if done.rowcount != 1:
            return False
        s.add(TicketLog(ticket_id=ticket_id, actor=agent, action="claimed", at=now))
        return True


def record(ticket_id: int, actor: str, action: str, detail: str = "", url: str | None = None) -> None:
    """An agent's action, in the log."""
    with db.session(url) as s:
        s.add(TicketLog(ticket_id=ticket_id, actor=actor, action=action, detail=mask_pii(detail), at=_now()))


def close(ticket_id: int, actor: str, url: str | None = None) -> None:
    """The conversation went back to the bot: the ticket is done."""
    now = _now()
    with db.session(url) as s:
        s.execute(update(Ticket).where(Ticket.id == ticket_id).values(status=CLOSED, updated_at=now))
        s.add(TicketLog(ticket_id=ticket_id, actor=actor, action="handed_back", at=now))


def get(ticket_id: int, url: str | None = None) -> Ticket | None:
    with db.session(url) as s:
        return s.get(Ticket, ticket_id)


def log_of(ticket_id: int, url: str | None = None) -> list[TicketLog]:
    with db.session(url) as s:
        return list(s.query(TicketLog).filter(TicketLog.ticket_id == ticket_id).order_by(TicketLog.id))
