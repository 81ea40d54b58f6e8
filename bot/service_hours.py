"""When people answer hand-overs: ZHAIDA_SERVICE_HOURS ("09:00-21:00", Beijing time, every day)."""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
DEFAULT = (time(9, 0), time(21, 0))
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def hours() -> tuple[time, time]:
    """Opening and closing time; a malformed setting falls back to 09:00–21:00. 「00:00-24:00」 is always open."""
    m = _HOURS.match(os.environ.get("ZHAIDA_SERVICE_HOURS", ""))
    if not m:
        return DEFAULT
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        return DEFAULT
    return time(h1, m1), time(h2 % 24, m2)


def label() -> str:
    start, end = hours()
    return f"{start:%H:%M}–{end:%H:%M}" if start != end else "24小时"


def open_at(now: datetime | None = None) -> bool:
    start, end = hours()
    local = (now or datetime.now(timezone.utc)).astimezone(BEIJING).time()
    return start <= local < end if start < end else local >= start or local < end


def next_opening(now: datetime | None = None) -> str:
    """When people are next there, as a user reads it: 「今天09:00」 or 「明天09:00」."""
    start, _ = hours()
    local = (now or datetime.now(timezone.utc)).astimezone(BEIJING)
    return f"{'今天' if local.time() < start else '明天'}{start:%H:%M}"
