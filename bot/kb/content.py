"""Reads and checks the KB's YAML files. Every error names the file and line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.kb.grounding import Claim, certainty_problems, guidance_problems, sentence_problems
from bot.text.platforms import platform_aliases
from bot.topics import CONTRACT_INTENTS, DEBT_TOPICS

CONFIDENCES = ("verified", "likely", "unverified")
QUESTIONS = ("platform", "notice_kind")
# How a notice reached the user; answers may add a paragraph per kind.
NOTICE_KINDS = ("短信", "邮寄", "电话", "上门")
PLACEHOLDERS = {"platform", "overdue_rate_note", "repayment_day", "lender"}
# Guides are filled by their caller (the repayment planner), with these values only.
GUIDE_PLACEHOLDERS = {"platform", "amount", "monthly", "months", "plan", "days", "interest", "total", "rate"}
# Guides the repayment planner shows; the KB is refused without them.
REQUIRED_GUIDES = (
    "negotiation_script",
    "negotiation_ask_lower",
    "plan_rate_estimate",
    "plan_no_affordable",
    "plan_card_long",
    "plan_extension",
    "plan_rate_from_kb",
    "quick_overdue_cost",
    "several_debts_court",
    "several_debts_above_cap",
    "several_debts_minimums",
    "several_debts_shortfall",
)
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


class ContentError(ValueError):
    """Bad KB content; str() lists every problem as path:line: message."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping so errors can point at it."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


class _Lined(list):
    """A YAML list that remembers the line of each of its items."""

    lines: list[int]


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    items = _Lined(loader.construct_sequence(node, deep=True))
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass(frozen=True)
class Source:
    title: str
    article: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    kind: str = "law"


@dataclass(frozen=True)
class Fact:
    id: str
    statement: str
    source: Source
    confidence: str
    as_of: dt.date
    url: str | None = None


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    contact: str
    purpose: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Platform:
    name: str
    product_type: str
    lender: str | None = None
    lender_fact: str | None = None
    repayment_day: str | None = None
    repayment_day_fact: str | None = None
    overdue_daily_rate: str | None = None
    overdue_rate_note: str | None = None
    overdue_rate_fact: str | None = None
    official_channels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    intent: str
    platform: str | None
    short: str
    detail: str
    facts: tuple[str, ...]
    next_steps: tuple[str, ...]
    related: tuple[str, ...]
    human: str | None = None
    ask: str | None = None
    channels: tuple[str, ...] = ()
    by_notice_kind: dict[str, str] = field(default_factory=dict)
    # Every sentence above with the facts it rests on (bot/kb/grounding.py); `facts` is their union.
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Guide:
    """A short text the bot shows outside the topic answers (e.g. a negotiation script), with its facts.

    Lines may hold GUIDE_PLACEHOLDERS, filled by the caller (KnowledgeBase.guide).
    """

    id: str
    title: str
    lines: tuple[str, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """A specific question people ask (data/kb/questions/), its paraphrases for retrieval, and its answer.

    `asks` are our own wordings of the question, used by bot/kb/question_index.py to match a user's
    message; `answer` is grounded sentence by sentence like a topic answer (intent = the topic).
    """

    id: str
    asks: tuple[str, ...]
    answer: Answer


@dataclass
class Content:
    facts: dict[str, Fact]
    channels: dict[str, Channel]
    platforms: dict[str, Platform]
    answers: list[Answer]
    guides: dict[str, Guide] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)


def placeholders(text: str) -> list[str]:
    """The {name} placeholders of a text, in order."""
    return _PLACEHOLDER_RE.findall(text)


def fill(text: str, values: dict[str, Any]) -> str:
    """Replaces every {name} in text with str(values[name]); a missing value raises KeyError."""
    return _PLACEHOLDER_RE.sub(lambda m: str(values[m.group(1)]), text)


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def problem(self, path: Path, line: int | None, message: str) -> None:
        where = f"{path.relative_to(self.root.parent) if path.is_relative_to(self.root.parent) else path}"
        self.problems.append(f"{where}:{line or 1}: {message}")

    def load(self, path: Path, key: str) -> list[dict]:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except FileNotFoundError:
            self.problem(path, 1, "file is missing")
            return []
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.problem(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(error, 'problem', error)}")
            return []
        except UnicodeDecodeError:
            self.problem(path, 1, "not UTF-8 text")
            return []
        if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data[key]:
            self.problem(path, 1, f"expected a top-level '{key}:' list with at least one entry")
            return []
        items = []
        for item in data[key]:
            if not isinstance(item, dict):
                self.problem(path, 1, f"every entry of '{key}' must be a mapping")
                continue
            items.append(item)
        return items

    def text(self, path: Path, item: dict, key: str, required: bool = True) -> str | None:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(path, item.get("__line__"), f"'{key}' is required")
            return None
        if not isinstance(value, str | int | float):
            self.problem(path, item.get("__line__"), f"'{key}' must be text")
            return None
        return str(value).strip()

    def claims(
        self,
        path: Path,
        item: dict,
        key: str,
        part: str,
        facts: dict[str, Fact],
        value: Any = None,
        required: bool = True,
    ) -> list[Claim]:
        """A list of `say:` (+ `facts:`) and `guide:` entries, each one checked sentence (grounding.py)."""
        value = item.get(key) if value is None else value
        line = item.get("__line__")
        if not value:
            if required:
                self.problem(path, line, f"'{key}' is required")
            return []
        if not isinstance(value, list):
            self.problem(path, line, f"'{key}' must be a list of 'say:'/'guide:' sentences")
            return []
        claims = []
        for entry, at in zip(value, getattr(value, "lines", [line] * len(value)), strict=False):
            if not isinstance(entry, dict) or ("say" in entry) == ("guide" in entry):
                self.problem(path, at, f"'{key}': each entry is either 'say: …' with 'facts: […]' or 'guide: …'")
                continue
            at = entry.get("__line__", at)
            text = str(entry.get("say") or entry.get("guide") or "").strip()
            ids = entry.get("facts") or []
            if not text:
                self.problem(path, at, f"'{key}': empty sentence")
                continue
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                self.problem(path, at, f"'{key}': facts must be a list of fact ids")
                continue
            problems = sentence_problems(text)
            if "guide" in entry:
                if ids:
                    problems.append("a 'guide:' sentence names no facts; use 'say:' for a statement")
                problems += guidance_problems(text)
            elif not ids:
                problems.append(
                    "states something without naming the facts it rests on (add 'facts:' or make it 'guide:')"
                )
            else:
                for fid in ids:
                    if fid not in facts:
                        problems.append(f"cites unknown fact '{fid}'")
                    elif facts[fid].confidence == "unverified":
                        problems.append(f"cites unverified fact '{fid}'")
                problems += certainty_problems(text, [f for f in ids if f in facts and facts[f].confidence == "likely"])
            for problem in problems:
                self.problem(path, at, f"«{text[:24]}…» {problem}" if len(text) > 24 else f"«{text}» {problem}")
            claims.append(Claim(part, text, tuple(ids)))
        return claims

    def strings(self, path: Path, item: dict, key: str) -> tuple[str, ...]:
        value = item.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.problem(path, item.get("__line__"), f"'{key}' must be a list of strings")
            return ()
        return tuple(str(v) for v in value)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def load(root: Path) -> Content:
    """Reads data/kb/ and checks it whole; raises ContentError listing every problem."""
    r = _Reader(root)
    facts: dict[str, Fact] = {}
    # facts.yml, then any topical files under facts/ (one id space)
    fact_items = [(root / "facts.yml", item) for item in r.load(root / "facts.yml", "facts")]
    for extra in sorted((root / "facts").glob("*.yml")) if (root / "facts").is_dir() else []:
        fact_items += [(extra, item) for item in r.load(extra, "facts")]
    for path, item in fact_items:
        line = item.get("__line__")
        fid, statement = r.text(path, item, "id"), r.text(path, item, "statement")
        source = item.get("source")
        if not isinstance(source, dict) or not str(source.get("title") or "").strip():
            r.problem(path, line, f"fact '{fid}' needs a source with a title")
            continue
        confidence = item.get("confidence")
        if confidence not in CONFIDENCES:
            r.problem(path, line, f"fact '{fid}': confidence must be one of {', '.join(CONFIDENCES)}")
            continue
        as_of = _date(item.get("as_of"))
        if as_of is None:
            r.problem(path, line, f"fact '{fid}' needs an as_of date (YYYY-MM-DD)")
            continue
        if not fid or not statement:
            continue
        if fid in facts:
            r.problem(path, line, f"fact id '{fid}' is used twice")
            continue
        src = Source(
            title=str(source["title"]).strip().strip("《》"),
            article=str(source["article"]) if source.get("article") is not None else None,
            number=source.get("number"),
            issuer=source.get("issuer"),
            date=str(source["date"]) if source.get("date") else None,
            kind=str(source.get("kind") or "law"),
        )
        facts[fid] = Fact(fid, statement, src, confidence, as_of, item.get("url"))

    def check_facts(p: Path, item: dict, ids: tuple[str, ...], owner: str, allow_unverified: bool = False) -> None:
        for fid in ids:
            if fid not in facts:
                r.problem(p, item.get("__line__"), f"{owner} cites unknown fact '{fid}'")
            elif facts[fid].confidence == "unverified" and not allow_unverified:
                r.problem(p, item.get("__line__"), f"{owner} cites unverified fact '{fid}'")

    channels: dict[str, Channel] = {}
    path = root / "channels.yml"
    for item in r.load(path, "channels"):
        cid = r.text(path, item, "id")
        name, contact, purpose = [r.text(path, item, k) for k in ("name", "contact", "purpose")]
        ids = r.strings(path, item, "facts")
        check_facts(path, item, ids, f"channel '{cid}'")
        if cid and name and contact and purpose:
            if cid in channels:
                r.problem(path, item.get("__line__"), f"channel id '{cid}' is used twice")
            channels[cid] = Channel(cid, name, contact, purpose, facts=ids)

    platforms: dict[str, Platform] = {}
    known = set(platform_aliases().values())
    path = root / "platforms.yml"
    for item in r.load(path, "platforms"):
        name = r.text(path, item, "name")
        if name and name not in known:
            r.problem(
                path,
                item.get("__line__"),
                f"platform '{name}' is not a canonical name in bot/nlu/resources/platforms.yml",
            )
            continue
        product_type = r.text(path, item, "product_type")
        fields = {
            k: r.text(path, item, k, required=False)
            for k in (
                "lender",
                "lender_fact",
                "repayment_day",
                "repayment_day_fact",
                "overdue_daily_rate",
                "overdue_rate_note",
                "overdue_rate_fact",
            )
        }
        for value_key, fact_key in (
            ("lender", "lender_fact"),
            ("repayment_day", "repayment_day_fact"),
            ("overdue_daily_rate", "overdue_rate_fact"),
        ):
            fact = fields[fact_key]
            if fields[value_key] and not fact:
                r.problem(path, item.get("__line__"), f"platform '{name}': '{value_key}' needs '{fact_key}'")
            elif fact:
                check_facts(path, item, (fact,), f"platform '{name}'")
        official = item.get("official_channels") or {}
        if not isinstance(official, dict):
            r.problem(path, item.get("__line__"), f"platform '{name}': official_channels must be a mapping")
            official = {}
        if name and product_type:
            platforms[name] = Platform(
                name,
                product_type,
                official_channels={k: str(v) for k, v in official.items() if k != "__line__"},
                **fields,
            )
    for name in sorted(known - set(platforms)):
        r.problem(root / "platforms.yml", 1, f"platform '{name}' (bot/nlu/resources/platforms.yml) has no entry")

    answers: list[Answer] = []
    seen: set[tuple[str, str | None]] = set()
    answer_dir = root / "answers"
    files = sorted(answer_dir.glob("*.yml")) if answer_dir.is_dir() else []
    if not files:
        r.problem(answer_dir, 1, "no answer files")
    for path in files:
        for item in r.load(path, "answers"):
            answer = _read_answer(r, path, item, facts, channels, platforms)
            if answer is None:
                continue
            key = (answer.intent, answer.platform)
            if key in seen:
                r.problem(
                    path, item.get("__line__"), f"a second answer for {answer.intent}/{answer.platform or '通用'}"
                )
            seen.add(key)
            answers.append(answer)
    questions = _load_questions(r, root / "questions", facts, channels, platforms)
    for topic in DEBT_TOPICS:
        if (topic, None) not in seen:
            r.problem(answer_dir, 1, f"debt topic '{topic}' has no general answer")

    guides = _load_guides(r, root / "guides.yml", check_facts)
    if r.problems:
        raise ContentError(r.problems)
    return Content(facts, channels, platforms, answers, guides, questions)


def _read_answer(
    r: _Reader,
    path: Path,
    item: dict,
    facts: dict[str, Fact],
    channels: dict[str, Channel],
    platforms: dict[str, Platform],
    intent_key: str = "intent",
) -> Answer | None:
    """One answer (a topic answer, or the answer of a specific question), every sentence checked."""
    line = item.get("__line__")
    intent = r.text(path, item, intent_key)
    if intent and intent not in CONTRACT_INTENTS:
        r.problem(path, line, f"unknown intent '{intent}'")
        return None
    platform = r.text(path, item, "platform", required=False)
    if platform and platform not in platforms:
        r.problem(path, line, f"answer for unknown platform '{platform}'")
    claims = r.claims(path, item, "short", "short", facts) + r.claims(path, item, "detail", "detail", facts)
    short = "".join(c.text for c in claims if c.part == "short")
    detail = "".join(c.text for c in claims if c.part == "detail")
    steps = r.claims(path, item, "next_steps", "step", facts, required=False)
    if "facts" in item:
        r.problem(path, line, "'facts' is derived from the sentences' facts; remove it")
    related = r.strings(path, item, "related")
    for topic in related:
        if topic not in DEBT_TOPICS:
            r.problem(path, line, f"related topic '{topic}' is not a debt topic")
    channel_ids = r.strings(path, item, "channels")
    for cid in channel_ids:
        if cid not in channels:
            r.problem(path, line, f"unknown channel '{cid}'")
    ask = r.text(path, item, "ask", required=False)
    if ask and ask not in QUESTIONS:
        r.problem(path, line, f"ask must be one of {', '.join(QUESTIONS)}")
    by_kind_raw = item.get("by_notice_kind") or {}
    if not isinstance(by_kind_raw, dict) or any(k not in NOTICE_KINDS for k in by_kind_raw if k != "__line__"):
        r.problem(path, line, f"by_notice_kind keys must be among {', '.join(NOTICE_KINDS)}")
        by_kind_raw = {}
    by_kind = {}
    for kind, value in by_kind_raw.items():
        if kind != "__line__":
            kind_claims = r.claims(path, item, f"by_notice_kind.{kind}", f"notice:{kind}", facts, value=value)
            claims += kind_claims
            by_kind[kind] = "".join(c.text for c in kind_claims)
    claims += steps
    ids = tuple(dict.fromkeys(f for c in claims for f in c.facts))
    if not ids:
        r.problem(path, line, f"answer '{intent}/{platform or '通用'}' rests on no fact")
    for text in [short, detail, *by_kind.values(), *(c.text for c in steps)]:
        for name in _PLACEHOLDER_RE.findall(text):
            if name not in PLACEHOLDERS:
                r.problem(path, line, f"unknown placeholder '{{{name}}}'")
            elif name != "platform" and not platform:
                r.problem(path, line, f"placeholder '{{{name}}}' needs a platform answer")
    if ask == "notice_kind" and not by_kind:
        r.problem(path, line, "ask: notice_kind needs by_notice_kind paragraphs")
    if not (intent and short and detail):
        return None
    return Answer(
        intent,
        platform,
        short,
        detail,
        ids,
        tuple(c.text for c in steps),
        related,
        r.text(path, item, "human", required=False),
        ask,
        channel_ids,
        by_kind,
        tuple(claims),
    )


_QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


def _load_questions(
    r: _Reader, folder: Path, facts: dict[str, Fact], channels: dict[str, Channel], platforms: dict[str, Platform]
) -> dict[str, Question]:
    """data/kb/questions/*.yml: specific questions with their paraphrases and grounded answers."""
    questions: dict[str, Question] = {}
    asked: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        for item in r.load(path, "questions"):
            line = item.get("__line__")
            qid = r.text(path, item, "id")
            if qid and not _QUESTION_ID.match(qid):
                r.problem(path, line, f"question id '{qid}' must be lower_snake_case")
            if qid in questions:
                r.problem(path, line, f"question id '{qid}' is used twice")
            asks = r.strings(path, item, "asks")
            if len(asks) < 3:
                r.problem(path, line, f"question '{qid}' needs at least 3 'asks' (how people put it, in our words)")
            for ask in asks:
                other = asked.setdefault(ask, qid or "")
                if other != qid:
                    r.problem(path, line, f"'{ask}' is asked by both '{other}' and '{qid}'")
            answer = _read_answer(r, path, item, facts, channels, platforms, intent_key="topic")
            if answer is not None and answer.intent not in DEBT_TOPICS:
                r.problem(path, line, f"question '{qid}': topic must be a debt topic")
            elif qid and answer is not None:
                questions[qid] = Question(qid, asks, answer)
    return questions


def _load_guides(r: _Reader, path: Path, check_facts: Callable[..., None]) -> dict[str, Guide]:
    guides: dict[str, Guide] = {}
    items = r.load(path, "guides")
    seen: set[str] = set()
    for item in items:
        line = item.get("__line__")
        gid, title = r.text(path, item, "id"), r.text(path, item, "title")
        duplicate = gid in seen
        if duplicate:
            r.problem(path, line, f"guide id '{gid}' is used twice")
        elif gid:
            seen.add(gid)
        owner = f"guide '{gid or '?'}'"
        lines = item.get("lines")
        texts: list[str] = []
        all_lines_valid = False
        if not isinstance(lines, list) or not lines:
            r.problem(path, line, f"{owner}: 'lines' must be a non-empty list of text lines")
        else:
            at = getattr(lines, "lines", [line] * len(lines))
            for value, value_line in zip(lines, at, strict=False):
                if not isinstance(value, str) or not value.strip():
                    r.problem(path, value_line, f"{owner}: every line must be non-empty text")
                    continue
                for name in placeholders(value):
                    if name not in GUIDE_PLACEHOLDERS:
                        r.problem(
                            path,
                            value_line,
                            f"{owner}: unknown placeholder '{{{name}}}' "
                            f"(allowed: {', '.join(sorted(GUIDE_PLACEHOLDERS))})",
                        )
                texts.append(value.strip())
            all_lines_valid = len(texts) == len(lines)
        ids = r.strings(path, item, "facts")
        if not ids:
            r.problem(path, line, f"{owner} rests on no fact")
        check_facts(path, item, ids, owner)
        if gid and not duplicate and title and texts and all_lines_valid:
            guides[gid] = Guide(gid, title, tuple(texts), ids)
    if items:
        for gid in REQUIRED_GUIDES:
            if gid not in seen:
                r.problem(path, 1, f"guide '{gid}' is missing (the repayment planner needs it)")
    return guides
