"""Reads the stored KB for the action server.

The whole KB is small, so it is held in memory as a snapshot and reloaded
only when `make kb` has stored a new version; a lookup costs one indexed
read of the version row plus dictionary lookups.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from bot import db
from bot.kb.content import Answer, Channel, Fact, Guide, Platform, Question, Source, fill, placeholders
from bot.kb.grounding import Claim
from bot.kb.models import AnswerRow, ChannelRow, FactRow, GuideRow, MetaRow, PlatformAliasRow, PlatformRow, QuestionRow
from bot.kb.store import VERSION_KEY

if TYPE_CHECKING:
    from bot.kb.question_index import QuestionIndex


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
    questions: dict[str, Question] = field(default_factory=dict)

    @functools.cached_property
    def question_index(self) -> QuestionIndex:
        """The specific questions, indexed for retrieval (built once per snapshot)."""
        from bot.kb.question_index import QuestionIndex

        return QuestionIndex(self.questions.values())

    def resolve(self, intent: str, platform: str | None = None) -> Resolved | None:
        """The answer for a topic and the user's platform, falling back to the general answer."""
        canonical = self.aliases.get(platform, platform) if platform else None
        answer = self.answers.get((intent, canonical)) if canonical else None
        specific = answer is not None
        answer = answer or self.answers.get((intent, None))
        if answer is None:
            return None
        return self._resolved(answer, canonical, specific)

    def resolve_question(self, question_id: str, platform: str | None = None) -> Resolved | None:
        question = self.questions.get(question_id)
        if question is None:
            return None
        canonical = self.aliases.get(platform, platform) if platform else None
        return self._resolved(question.answer, canonical, True)

    def _resolved(self, answer: Answer, canonical: str | None, specific: bool) -> Resolved:
        known = self.platforms.get(canonical) if canonical else None
        facts = [self.facts[f] for f in answer.facts]
        # A platform's own figures (rate, lender, repayment day) rest on their own facts.
        if known:
            for fid in (known.lender_fact, known.repayment_day_fact, known.overdue_rate_fact):
                if (
                    fid
                    and fid in self.facts
                    and self.facts[fid] not in facts
                    and _uses_platform_fact(answer, fid, known)
                ):
                    facts.append(self.facts[fid])
        channels = tuple(self.channels[c] for c in answer.channels if c in self.channels)
        return Resolved(answer, tuple(facts), channels, known, canonical, specific)

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


class KBChanging(RuntimeError):
    """The KB was rewritten during every read attempt."""


LOAD_ATTEMPTS = 5
# A blocked KB read must end by itself on PostgreSQL: the action gives up waiting after
# ZHAIDA_KB_TIMEOUT, but the thread running the query is only freed when the query ends.
STATEMENT_TIMEOUT_MS = 5000


def _load(url: str | None) -> Snapshot:
    """One consistent snapshot: read in one transaction, kept only if the version did not move meanwhile.

    `zhaida kb` writes everything and the version in one transaction. The read is one transaction too
    (REPEATABLE READ on PostgreSQL, where READ COMMITTED gives each SELECT its own view; an explicit
    BEGIN on SQLite, whose driver would otherwise run each SELECT on its own), and the version is read
    again after the rows, so a mixed read can never be kept.
    """
    for _ in range(LOAD_ATTEMPTS):
        with db.session(url) as s:
            _begin_read_transaction(s)
            meta = s.get(MetaRow, VERSION_KEY)
            if meta is None:
                raise KBUnavailable("the knowledge base is empty: run `make kb`")
            snapshot = _read_rows(s, meta.value)
            s.expire_all()
            after = s.get(MetaRow, VERSION_KEY)
            if after is not None and after.value == snapshot.version:
                return snapshot
    raise KBChanging(f"the knowledge base changed during {LOAD_ATTEMPTS} reads in a row")


def _begin_read_transaction(s: Any) -> None:
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        _limit_statements(s)
    elif dialect == "sqlite":
        s.connection().exec_driver_sql("BEGIN")


def _limit_statements(s: Any) -> None:
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))


def _read_rows(s: Any, version: str) -> Snapshot:
    facts = {
        r.id: Fact(
            r.id,
            r.statement,
            Source(r.source_title, r.source_article, r.source_number, r.source_issuer, r.source_date, r.source_kind),
            r.confidence,
            r.as_of,
            r.url,
        )
        for r in s.query(FactRow)
    }
    channels = {r.id: Channel(r.id, r.name, r.contact, r.purpose, tuple(r.facts)) for r in s.query(ChannelRow)}
    platforms = {
        r.name: Platform(
            r.name,
            r.product_type,
            r.lender,
            r.lender_fact,
            r.repayment_day,
            r.repayment_day_fact,
            r.overdue_daily_rate,
            r.overdue_rate_note,
            r.overdue_rate_fact,
            dict(r.official_channels or {}),
        )
        for r in s.query(PlatformRow)
    }
    aliases = {r.alias: r.platform for r in s.query(PlatformAliasRow)}
    answers = {
        (r.intent, r.platform): Answer(
            r.intent,
            r.platform,
            r.short,
            r.detail,
            tuple(f.fact_id for f in r.facts),
            tuple(r.next_steps),
            tuple(r.related),
            r.human,
            r.ask,
            tuple(r.channels),
            dict(r.by_notice_kind or {}),
            _claims(r.claims),
        )
        for r in s.query(AnswerRow)
    }
    guides = {r.id: Guide(r.id, r.title, tuple(r.lines), tuple(r.facts)) for r in s.query(GuideRow)}
    questions = {}
    for r in s.query(QuestionRow):
        claims = _claims(r.claims)
        answer = Answer(
            r.topic,
            r.platform,
            r.short,
            r.detail,
            tuple(dict.fromkeys(f for c in claims for f in c.facts)),
            tuple(r.next_steps),
            tuple(r.related),
            r.human,
            None,
            tuple(r.channels),
            {},
            claims,
        )
        questions[r.id] = Question(r.id, tuple(r.asks), answer)
    return Snapshot(version, facts, channels, platforms, aliases, answers, guides, questions)


def _claims(rows: list[dict] | None) -> tuple[Claim, ...]:
    return tuple(Claim(c["part"], c["text"], tuple(c["facts"])) for c in rows or ())


class KnowledgeBase:
    def __init__(self, url: str | None = None):
        self.url = url
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    @property
    def last_read(self) -> Snapshot | None:
        """The snapshot read last, for answering while the database is slow or away (the KB rarely changes)."""
        return self._snapshot

    def snapshot(self) -> Snapshot:
        with db.session(self.url) as s:
            _limit_statements(s)
            meta = s.get(MetaRow, VERSION_KEY)
            version = meta.value if meta else None
        if self._snapshot is None or self._snapshot.version != version:
            with self._lock:
                if self._snapshot is None or self._snapshot.version != version:
                    self._snapshot = _load(self.url)
        return self._snapshot

    def answer(self, intent: str, platform: str | None = None) -> Resolved | None:
        """The answer for a topic and the user's platform, falling back to the general answer."""
        return self.snapshot().resolve(intent, platform)

    def question(self, question_id: str, platform: str | None = None) -> Resolved | None:
        """The answer of a specific question (data/kb/questions/)."""
        return self.snapshot().resolve_question(question_id, platform)

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
