"""KB tables. Rows are written only by store.sync, in one transaction."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from bot.db import Base


class FactRow(Base):
    __tablename__ = "kb_facts"
    id = Column(String(64), primary_key=True)
    statement = Column(Text, nullable=False)
    source_title = Column(String(200), nullable=False)
    source_article = Column(String(64))
    source_number = Column(String(100))
    source_issuer = Column(String(200))
    source_date = Column(String(32))
    source_kind = Column(String(16), nullable=False, default="law")
    confidence = Column(String(16), nullable=False)
    as_of = Column(Date, nullable=False)
    url = Column(Text)


class ChannelRow(Base):
    __tablename__ = "kb_channels"
    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    contact = Column(String(200), nullable=False)
    purpose = Column(Text, nullable=False)
    facts = Column(JSON, nullable=False, default=list)


class PlatformRow(Base):
    __tablename__ = "kb_platforms"
    name = Column(String(64), primary_key=True)
    product_type = Column(String(32), nullable=False)
    lender = Column(String(200))
    lender_fact = Column(String(64), ForeignKey("kb_facts.id"))
    repayment_day = Column(String(200))
    repayment_day_fact = Column(String(64), ForeignKey("kb_facts.id"))
    # A decimal as text: SQLite has no exact decimal type.
    overdue_daily_rate = Column(String(16))
    overdue_rate_note = Column(Text)
    overdue_rate_fact = Column(String(64), ForeignKey("kb_facts.id"))
    official_channels = Column(JSON, nullable=False, default=dict)
    aliases = relationship("PlatformAliasRow", cascade="all, delete-orphan")


class PlatformAliasRow(Base):
    __tablename__ = "kb_platform_aliases"
    alias = Column(String(64), primary_key=True)
    platform = Column(String(64), ForeignKey("kb_platforms.name", ondelete="CASCADE"), nullable=False)


class _AnswerText:
    """The columns a topic answer and a specific question's answer share."""

    short = Column(Text, nullable=False)
    detail = Column(Text, nullable=False)
    next_steps = Column(JSON, nullable=False, default=list)
    related = Column(JSON, nullable=False, default=list)
    channels = Column(JSON, nullable=False, default=list)
    human = Column(Text)
    # [{"part": "short", "text": "…", "facts": ["…"]}, …]: each sentence and what it rests on.
    claims = Column(JSON, nullable=False, default=list)


class AnswerRow(_AnswerText, Base):
    __tablename__ = "kb_answers"
    __table_args__ = (UniqueConstraint("intent", "platform", name="uq_kb_answers_intent_platform"),)
    id = Column(Integer, primary_key=True)
    intent = Column(String(64), nullable=False, index=True)
    platform = Column(String(64), ForeignKey("kb_platforms.name"))
    ask = Column(String(32))
    by_notice_kind = Column(JSON, nullable=False, default=dict)
    facts = relationship("AnswerFactRow", order_by="AnswerFactRow.position", cascade="all, delete-orphan")


class AnswerFactRow(Base):
    __tablename__ = "kb_answer_facts"
    answer_id = Column(Integer, ForeignKey("kb_answers.id", ondelete="CASCADE"), primary_key=True)
    fact_id = Column(String(64), ForeignKey("kb_facts.id"), primary_key=True)
    position = Column(Integer, nullable=False)


class MetaRow(Base):
    __tablename__ = "kb_meta"
    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class GuideRow(Base):
    """A guide (data/kb/guides.yml): lines with placeholders, and the ids of the facts it rests on."""

    __tablename__ = "kb_guides"
    id = Column(String(64), primary_key=True)
    title = Column(String(200), nullable=False)
    lines = Column(JSON, nullable=False, default=list)
    facts = Column(JSON, nullable=False, default=list)


class QuestionRow(_AnswerText, Base):
    """A specific question (data/kb/questions/): how people ask it, and its grounded answer."""

    __tablename__ = "kb_questions"
    id = Column(String(64), primary_key=True)
    topic = Column(String(64), nullable=False, index=True)
    platform = Column(String(64), ForeignKey("kb_platforms.name"))
    asks = Column(JSON, nullable=False, default=list)
