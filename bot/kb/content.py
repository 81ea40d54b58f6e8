"""Reads and checks the KB's YAML files. Every error names the file and line."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from bot.nlu.platforms import platform_aliases
from bot.topics import CONTRACT_INTENTS, DEBT_TOPICS

CONFIDENCES = ("verified", "likely", "unverified")
QUESTIONS = ("platform", "notice_kind")
# How a notice reached the user; answers may add a paragraph per kind.
NOTICE_KINDS = ("短信", "邮寄", "电话", "上门")
PLACEHOLDERS = {"platform", "overdue_rate_note", "repayment_day", "lender"}
# Guides are filled by their caller (the repayment planner), with these values only.
GUIDE_PLACEHOLDERS = {"platform", "amount", "monthly", "months", "plan"}
# Guides the repayment planner shows; the KB is refused without them.
REQUIRED_GUIDES = ("negotiation_script", "negotiation_ask_lower", "plan_rate_estimate", "plan_no_affordable", "plan_card_long",
                   "plan_extension", "plan_rate_from_kb")
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


@dataclass(frozen=True)
class Guide:
    """A short text the bot shows outside the topic answers (e.g. a negotiation script), with its facts.

    Lines may hold GUIDE_PLACEHOLDERS, filled by the caller (KnowledgeBase.guide).
    """

    id: str
    title: str
    lines: tuple[str, ...]
    facts: tuple[str, ...]


@dataclass
class Content:
    facts: dict[str, Fact]
    channels: dict[str, Channel]
    platforms: dict[str, Platform]
    answers: list[Answer]
    guides: dict[str, Guide] = field(default_factory=dict)


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
        if not isinstance(value, (str, int, float)):
            self.problem(path, item.get("__line__"), f"'{key}' must be text")
            return None
        return str(value).strip()

    def strings(self, path: Path, item: dict, key: str) -> tuple[str, ...]:
        value = item.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
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
    path = root / "facts.yml"
    for item in r.load(path, "facts"):
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
            number=source.get("number"), issuer=source.get("issuer"),
            date=str(source["date"]) if source.get("date") else None, kind=str(source.get("kind") or "law"),
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
        values = [r.text(path, item, k) for k in ("name", "contact", "purpose")]
        ids = r.strings(path, item, "facts")
        check_facts(path, item, ids, f"channel '{cid}'")
        if cid and all(values):
            if cid in channels:
                r.problem(path, item.get("__line__"), f"channel id '{cid}' is used twice")
            channels[cid] = Channel(cid, *values, facts=ids)

    platforms: dict[str, Platform] = {}
    known = set(platform_aliases().values())
    path = root / "platforms.yml"
    for item in r.load(path, "platforms"):
        name = r.text(path, item, "name")
        if name and name not in known:
            r.problem(path, item.get("__line__"), f"platform '{name}' is not a canonical name in bot/nlu/resources/platforms.yml")
            continue
        product_type = r.text(path, item, "product_type")
        fields = {k: r.text(path, item, k, required=False) for k in (
            "lender", "lender_fact", "repayment_day", "repayment_day_fact", "overdue_daily_rate",
            "overdue_rate_note", "overdue_rate_fact")}
        for value_key, fact_key in (("lender", "lender_fact"), ("repayment_day", "repayment_day_fact"),
                                    ("overdue_daily_rate", "overdue_rate_fact")):
            if fields[value_key] and not fields[fact_key]:
                r.problem(path, item.get("__line__"), f"platform '{name}': '{value_key}' needs '{fact_key}'")
            elif fields[fact_key]:
                check_facts(path, item, (fields[fact_key],), f"platform '{name}'")
        official = item.get("official_channels") or {}
        if not isinstance(official, dict):
            r.problem(path, item.get("__line__"), f"platform '{name}': official_channels must be a mapping")
            official = {}
        if name and product_type:
            platforms[name] = Platform(name, product_type, official_channels={
                k: str(v) for k, v in official.items() if k != "__line__"}, **fields)
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
            line = item.get("__line__")
            intent = r.text(path, item, "intent")
            if intent and intent not in CONTRACT_INTENTS:
                r.problem(path, line, f"unknown intent '{intent}'")
                continue
            platform = r.text(path, item, "platform", required=False)
            if platform and platform not in platforms:
                r.problem(path, line, f"answer for unknown platform '{platform}'")
            short, detail = r.text(path, item, "short"), r.text(path, item, "detail")
            ids = r.strings(path, item, "facts")
            if not ids:
                r.problem(path, line, f"answer '{intent}/{platform or '通用'}' rests on no fact")
            check_facts(path, item, ids, f"answer '{intent}/{platform or '通用'}'")
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
            for text in (short or "", detail or ""):
                for name in _PLACEHOLDER_RE.findall(text):
                    if name not in PLACEHOLDERS:
                        r.problem(path, line, f"unknown placeholder '{{{name}}}'")
                    elif name != "platform" and not platform:
                        r.problem(path, line, f"placeholder '{{{name}}}' needs a platform answer")
            by_kind = item.get("by_notice_kind") or {}
            if not isinstance(by_kind, dict) or any(k not in NOTICE_KINDS for k in by_kind if k != "__line__"):
                r.problem(path, line, f"by_notice_kind keys must be among {', '.join(NOTICE_KINDS)}")
                by_kind = {}
            by_kind = {k: str(v).strip() for k, v in by_kind.items() if k != "__line__"}
            if ask == "notice_kind" and not by_kind:
                r.problem(path, line, "ask: notice_kind needs by_notice_kind paragraphs")
            if (intent, platform) in seen:
                r.problem(path, line, f"a second answer for {intent}/{platform or '通用'}")
            seen.add((intent, platform))
            if intent and short and detail:
                answers.append(Answer(
                    intent, platform, short, detail, ids, r.strings(path, item, "next_steps"), related,
                    r.text(path, item, "human", required=False), ask, channel_ids, by_kind,
                ))
    for topic in DEBT_TOPICS:
        if (topic, None) not in seen:
            r.problem(answer_dir, 1, f"debt topic '{topic}' has no general answer")

    guides = _load_guides(r, root / "guides.yml", check_facts)
    if r.problems:
        raise ContentError(r.problems)
    return Content(facts, channels, platforms, answers, guides)


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
        if not isinstance(lines, list) or not lines:
            r.problem(path, line, f"{owner}: 'lines' must be a non-empty list of text lines")
        else:
            at = getattr(lines, "lines", [line] * len(lines))
            for value, value_line in zip(lines, at):
                if not isinstance(value, str) or not value.strip():
                    r.problem(path, value_line, f"{owner}: every line must be non-empty text")
                    continue
                for name in placeholders(value):
                    if name not in GUIDE_PLACEHOLDERS:
                        r.problem(path, value_line, f"{owner}: unknown placeholder '{{{name}}}' "
                                                    f"(allowed: {', '.join(sorted(GUIDE_PLACEHOLDERS))})")
                texts.append(value.strip())
        ids = r.strings(path, item, "facts")
        if not ids:
            r.problem(path, line, f"{owner} rests on no fact")
        check_facts(path, item, ids, owner)
        if gid and not duplicate and title and texts and len(texts) == len(lines):
            guides[gid] = Guide(gid, title, tuple(texts), ids)
    if items:
        for gid in REQUIRED_GUIDES:
            if gid not in seen:
                r.problem(path, 1, f"guide '{gid}' is missing (the repayment planner needs it)")
    return guides
