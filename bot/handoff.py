"""Requests for a human agent, stored with personal numbers masked."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String, Text

from bot import db
from bot.privacy import mask_pii

SUMMARY_CHARS = 2000


class HandoffRequest(db.Base):
    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    intent = Column(String(64), nullable=True)
    summary = Column(Text, nullable=False, default="")
    status = Column(String(16), nullable=False, default="open")
    created_at = Column(DateTime(timezone=True), nullable=False, default=lambda: datetime.now(timezone.utc))


def request_human(conversation_id: str, recent_user_messages: list[str], intent: str | None = None) -> int:
    """Records that a conversation asks for a person; returns the request number."""
    summary = mask_pii("\n".join(m for m in recent_user_messages if m))[-SUMMARY_CHARS:]
    with db.session() as s:
        row = HandoffRequest(conversation_id=conversation_id, intent=intent, summary=summary)
        s.add(row)
        s.flush()
        return row.id


def open_requests(conversation_id: str | None = None) -> list[HandoffRequest]:
    with db.session() as s:
        query = s.query(HandoffRequest).filter(HandoffRequest.status == "open")
        if conversation_id:
            query = query.filter(HandoffRequest.conversation_id == conversation_id)
        return list(query.order_by(HandoffRequest.id))
