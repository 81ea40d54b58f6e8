"""Reads the stored KB for the action server.

The whole KB is small, so it is held in memory as a snapshot and reloaded
only when `make kb` has stored a new version; a lookup costs one indexed
read of the version row plus dictionary lookups.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from bot import db
from bot.kb.content import Answer, Channel, Fact, Guide, Platform, Source, fill, placeholders
from bot.kb.models import AnswerRow, ChannelRow, FactRow, GuideRow, MetaRow, PlatformAliasRow, PlatformRow
from bot.kb.store import VERSION_KEY


@dataclass(frozen=True)
class Resolved:
    """An answer to show, with everything it rests on."""

    answer: Answer
    facts: tuple[Fact, ...]
    channels: tuple[Channel, ...]
    platform: Platform | None  # the user's platform, when the KB knows it
    asked_platform: str | None  # what the user named, known to the KB or not
    specific: bool  # written for this platform, not the general answer


@dataclass(frozen=True)
class ResolvedGuide:
    """A guide with its placeholders filled, and the facts it rests on (for compose.sources_for)."""

    guide: Guide
    lines: tuple[str, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Snapshot:
    version: str
    facts: dict[str, Fact]
    channels: dict[str, Channel]
    platforms: dict[str, Platform]
    aliases: dict[str, str]
    answers: dict[tuple[str, str | None], Answer]
    guides: dict[str, Guide] = field(default_factory=dict)

    def platform(self, name: str | None) -> Platform | None:
        """The KB's record for a platform as the user wrote it (any alias), or None."""
        return self.platforms.get(self.aliases.get(name, name)) if name else None

    def guide(self, guide_id: str, **values: object) -> ResolvedGuide | None:
        """The guide `guide_id` with its placeholders filled from `values`; None if the KB has no such guide.

        Every placeholder the guide's lines use must be given, not None (see data/kb/guides.yml for
        what each means), else KeyError; values the lines do not use are ignored.
        """
        guide = self.guides.get(guide_id)
        if guide is None:
            return None
        given = {name for name, value in values.items() if value is not None}
        missing = sorted({name for line in guide.lines for name in placeholders(line)} - given)
        if missing:
            raise KeyError(f"guide '{guide_id}' needs a value for {', '.join(missing)}")
        lines = tuple(fill(line, values) for line in guide.lines)
        return ResolvedGuide(guide, lines, tuple(self.facts[f] for f in guide.facts))


class KBUnavailable(RuntimeError):
    """The database holds no KB (run `make kb`)."""


def _load(url: str | None) -> Snapshot:
    with db.session(url) as s:
        meta = s.get(MetaRow, VERSION_KEY)
        if meta is None:
            raise KBUnavailable("the knowledge base is empty: run `make kb`")
        facts = {
            r.id: Fact(r.id, r.statement, Source(r.source_title, r.source_article, r.source_number, r.source_issuer,
                                                 r.source_date, r.source_kind), r.confidence, r.as_of, r.url)
            for r in s.query(FactRow)
        }
        channels = {r.id: Channel(r.id, r.name, r.contact, r.purpose, tuple(r.facts)) for r in s.query(ChannelRow)}
        platforms = {
            r.name: Platform(
                r.name, r.product_type, r.lender, r.lender_fact, r.repayment_day, r.repayment_day_fact,
                r.overdue_daily_rate,
                r.overdue_rate_note, r.overdue_rate_fact, dict(r.official_channels or {}),
            )
            for r in s.query(PlatformRow)
        }
        aliases = {r.alias: r.platform for r in s.query(PlatformAliasRow)}
        answers = {
            (r.intent, r.platform): Answer(
                r.intent, r.platform, r.short, r.detail, tuple(f.fact_id for f in r.facts), tuple(r.next_steps),
                tuple(r.related), r.human, r.ask, tuple(r.channels), dict(r.by_notice_kind or {}),
            )
            for r in s.query(AnswerRow)
        }
        guides = {r.id: Guide(r.id, r.title, tuple(r.lines), tuple(r.facts)) for r in s.query(GuideRow)}
        return Snapshot(meta.value, facts, channels, platforms, aliases, answers, guides)


class KnowledgeBase:
    def __init__(self, url: str | None = None):
        self.url = url
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        with db.session(self.url) as s:
            meta = s.get(MetaRow, VERSION_KEY)
            version = meta.value if meta else None
        if self._snapshot is None or self._snapshot.version != version:
            with self._lock:
                if self._snapshot is None or self._snapshot.version != version:
                    self._snapshot = _load(self.url)
        return self._snapshot

    def canonical_platform(self, name: str | None) -> str | None:
        if not name:
            return None
        return self.snapshot().aliases.get(name, name)

    def answer(self, intent: str, platform: str | None = None) -> Resolved | None:
        """The answer for a topic and the user's platform, falling back to the general answer."""
        snap = self.snapshot()
        canonical = snap.aliases.get(platform, platform) if platform else None
        answer = snap.answers.get((intent, canonical)) if canonical else None
        specific = answer is not None
        answer = answer or snap.answers.get((intent, None))
        if answer is None:
            return None
        known = snap.platforms.get(canonical) if canonical else None
        facts = [snap.facts[f] for f in answer.facts]
        # A platform's own figures (rate, lender, repayment day) rest on their own facts.
        if known:
            for fid in (known.lender_fact, known.repayment_day_fact, known.overdue_rate_fact):
                if fid and fid in snap.facts and snap.facts[fid] not in facts and _uses_platform_fact(answer, fid, known):
                    facts.append(snap.facts[fid])
        channels = tuple(snap.channels[c] for c in answer.channels if c in snap.channels)
        return Resolved(answer, tuple(facts), channels, known, canonical, specific)

    def guide(self, guide_id: str, **values: object) -> ResolvedGuide | None:
        """Snapshot.guide on the current snapshot."""
        return self.snapshot().guide(guide_id, **values)


def _uses_platform_fact(answer: Answer, fact_id: str, platform: Platform) -> bool:
    text = answer.short + answer.detail
    return (
        (fact_id == platform.overdue_rate_fact and "{overdue_rate_note}" in text)
        or (fact_id == platform.lender_fact and "{lender}" in text)
        or (fact_id == platform.repayment_day_fact and "{repayment_day}" in text)
    )
