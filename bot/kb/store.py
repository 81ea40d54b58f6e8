"""Writes checked KB content to the database: all of it in one transaction, or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot import db
from bot.kb.content import Answer, Content
from bot.kb.models import (
    AnswerFactRow,
    AnswerRow,
    ChannelRow,
    FactRow,
    GuideRow,
    MetaRow,
    PlatformAliasRow,
    PlatformRow,
    QuestionRow,
)
from bot.text.platforms import platform_spellings

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

VERSION_KEY = "content_version"


def content_version(content: Content) -> str:
    """A hash of the content and the alias table: equal versions mean nothing to write."""
    records: tuple[DataclassInstance, ...] = (
        *content.facts.values(),
        *content.channels.values(),
        *content.platforms.values(),
        *content.answers,
        *content.guides.values(),
        *content.questions.values(),
    )
    payload = json.dumps(
        [dataclasses.asdict(x) for x in records] + [platform_spellings()],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _claims_json(answer) -> list[dict]:
    return [{"part": c.part, "text": c.text, "facts": list(c.facts)} for c in answer.claims]


def current_version(url: str | None = None) -> str | None:
    with db.session(url) as s:
        row = s.get(MetaRow, VERSION_KEY)
        return row.value if row else None


def _answer_text(a: Answer) -> dict[str, Any]:
    """The columns a topic answer and a specific question's answer share."""
    return {
        "short": a.short,
        "detail": a.detail,
        "next_steps": list(a.next_steps),
        "related": list(a.related),
        "channels": list(a.channels),
        "human": a.human,
        "claims": _claims_json(a),
    }


def sync(content: Content, url: str | None = None) -> bool:
    """Replaces the stored KB with `content`; returns False when it was already stored."""
    version = content_version(content)
    with db.session(url) as s:
        row = s.get(MetaRow, VERSION_KEY)
        if row and row.value == version:
            return False
        for table in (
            QuestionRow,
            GuideRow,
            AnswerFactRow,
            AnswerRow,
            PlatformAliasRow,
            PlatformRow,
            ChannelRow,
            FactRow,
        ):
            s.query(table).delete()
        s.flush()
        for f in content.facts.values():
            s.add(
                FactRow(
                    id=f.id,
                    statement=f.statement,
                    source_title=f.source.title,
                    source_article=f.source.article,
                    source_number=f.source.number,
                    source_issuer=f.source.issuer,
                    source_date=f.source.date,
                    source_kind=f.source.kind,
                    confidence=f.confidence,
                    as_of=f.as_of,
                    url=f.url,
                )
            )
        s.flush()
        for c in content.channels.values():
            s.add(ChannelRow(id=c.id, name=c.name, contact=c.contact, purpose=c.purpose, facts=list(c.facts)))
        aliases = platform_spellings()
        for p in content.platforms.values():
            s.add(
                PlatformRow(
                    name=p.name,
                    product_type=p.product_type,
                    lender=p.lender,
                    lender_fact=p.lender_fact,
                    repayment_day=p.repayment_day,
                    repayment_day_fact=p.repayment_day_fact,
                    overdue_daily_rate=str(Decimal(p.overdue_daily_rate)) if p.overdue_daily_rate else None,
                    overdue_rate_note=p.overdue_rate_note,
                    overdue_rate_fact=p.overdue_rate_fact,
                    official_channels=dict(p.official_channels),
                    aliases=[PlatformAliasRow(alias=a) for a, name in sorted(aliases.items()) if name == p.name],
                )
            )
        s.flush()
        for a in content.answers:
            s.add(
                AnswerRow(
                    intent=a.intent,
                    platform=a.platform,
                    ask=a.ask,
                    by_notice_kind=dict(a.by_notice_kind),
                    facts=[AnswerFactRow(fact_id=fid, position=i) for i, fid in enumerate(a.facts)],
                    **_answer_text(a),
                )
            )
        for q in content.questions.values():
            a = q.answer
            s.add(QuestionRow(id=q.id, topic=a.intent, platform=a.platform, asks=list(q.asks), **_answer_text(a)))
        for g in content.guides.values():
            s.add(GuideRow(id=g.id, title=g.title, lines=list(g.lines), facts=list(g.facts)))
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for key, value in ((VERSION_KEY, version), ("loaded_at", stamp)):
            existing = s.get(MetaRow, key)
            if existing:
                existing.value = value
            else:
                s.add(MetaRow(key=key, value=value))
    return True
