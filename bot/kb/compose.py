"""Turns a resolved KB answer into what the user reads: text, sources and buttons."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot import wording as w
from bot.kb.cite import cite_all
from bot.kb.content import Fact
from bot.kb.repository import Resolved
from bot.topics import DEBT_TOPICS

_NOTICE_PATTERNS = [
    ("邮寄", r"快递|邮寄|寄到|寄来|EMS|ems|挂号信|信封|纸质|信件|法院专递"),
    ("短信", r"短信|信息|链接"),
    ("电话", r"电话|打给我|来电"),
    ("上门", r"上门|送到家|当面"),
]


@dataclass(frozen=True)
class Reply:
    text: str  # everything, in reading order, for channels that show prose
    buttons: list[dict]
    short: str = ""  # the parts of the same answer, for channels that fold the detail (bot/parts.py)
    detail: str = ""
    steps: tuple[str, ...] = ()
    sources: str = ""


def notice_kind(text: str) -> str | None:
    """How a notice arrived, from the user's words: 短信, 邮寄, 电话 or 上门."""
    for kind, pattern in _NOTICE_PATTERNS:
        if re.search(pattern, text or ""):
            return kind
    return None


def fill_placeholders(text: str, resolved: Resolved) -> str:
    p = resolved.platform
    values = {
        "platform": resolved.asked_platform or w.UNKNOWN_PLATFORM,
        "overdue_rate_note": (p.overdue_rate_note if p and p.overdue_rate_note else w.SEE_CONTRACT),
        "repayment_day": (p.repayment_day if p and p.repayment_day else w.SEE_APP),
        "lender": (p.lender if p and p.lender else w.SEE_CONTRACT),
    }
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def sources_for(facts: Iterable[Fact]) -> str:
    """依据：《民法典》第六百七十八条；…（资料截至YYYY-MM-DD）, the as-of date being the newest fact's."""
    facts = tuple(facts)
    cited = cite_all([fact.source for fact in facts])
    as_of = max(f.as_of for f in facts).isoformat() if facts else None
    return w.SOURCES_PREFIX + "；".join(cited) + (w.SOURCES_AS_OF.format(as_of=as_of) if as_of else "")


def sources_line(resolved: Resolved) -> str:
    return sources_for(resolved.facts)


def compose(resolved: Resolved, notice: str | None = None) -> Reply:
    """notice: how the user's notice arrived (notice_kind), for answers that differ by it."""
    a = resolved.answer
    short = []
    if resolved.asked_platform and not resolved.specific and resolved.platform is None:
        short.append(w.NO_PLATFORM_MATERIAL.format(platform=resolved.asked_platform))
    short.append(fill_placeholders(a.short, resolved))
    detail = []
    if notice and notice in a.by_notice_kind:
        detail.append(fill_placeholders(a.by_notice_kind[notice], resolved))
    detail.append(fill_placeholders(a.detail, resolved))
    if (
        resolved.platform
        and resolved.platform.official_channels
        and a.intent in ("repayment_channels", "negotiate_repayment", "extension_grace", "harassment")
    ):
        ch = resolved.platform.official_channels
        key = {"repayment_channels": "repay", "harassment": "complain"}.get(a.intent, "negotiate")
        if ch.get(key):
            detail.append(w.OFFICIAL_CHANNEL.format(platform=resolved.platform.name, channel=ch[key]))
    if a.channels:
        detail.append(w.WHOM_TO_CONTACT + "；".join(f"{c.contact}（{c.purpose}）" for c in resolved.channels))
    steps = tuple(a.next_steps)
    after_steps = []
    if a.human:
        after_steps.append(w.WHEN_A_PERSON_HELPS.format(human=a.human))
    if "{overdue_rate_note}" in a.short + a.detail:
        after_steps.append(w.RATE_NOTE)
    sources = sources_line(resolved)
    prose = [*short, *detail]
    if steps:
        prose.append(w.NEXT_STEPS + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
    prose += [*after_steps, sources]
    buttons = [{"title": DEBT_TOPICS[t], "payload": f"/{t}"} for t in a.related[:2]]
    if a.human:
        buttons.append(w.HUMAN_BUTTON)
    return Reply(
        "\n\n".join(prose),
        buttons,
        short="\n\n".join(short),
        detail="\n\n".join(detail + after_steps),
        steps=steps,
        sources=sources,
    )
