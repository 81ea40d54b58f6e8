"""`zhaida triage`: a CSV of messages in, the same rows out with intent, priority, flags and summary.

The NLU is passed in (`parse`: text → Rasa's parse dict), so this file stays free of Rasa. The message
column is masked in the output, like everything else 债答 writes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import IO, Any

from bot.privacy import mask_pii
from bot.triage.flags import LABELS
from bot.triage.triage import Reading, triage_message

COLUMNS = ("intent", "confidence", "priority", "reasons", "flags", "summary")


class TableError(ValueError):
    pass


def reading_of(text: str, parse: dict[str, Any]) -> Reading:
    """A message and its NLU parse; below the fallback threshold, the likeliest real intent still counts."""
    ranking = [i for i in parse.get("intent_ranking") or [] if i.get("name") not in (None, "nlu_fallback")]
    best = ranking[0] if ranking else parse.get("intent") or {}
    entities = [{"entity": e.get("entity"), "value": e.get("value")} for e in parse.get("entities") or []]
    return Reading(text, best.get("name"), float(best.get("confidence") or 0.0), entities)


def readings_of(events: list[dict[str, Any]]) -> list[Reading]:
    """The user's messages of a conversation (tracker events) with their stored NLU readings; button payloads
    (「/human_handoff」) are clicks, not words, and are left out."""
    return [
        reading_of(e.get("text") or "", e.get("parse_data") or {})
        for e in events
        if e.get("event") == "user" and e.get("text") and not str(e.get("text")).startswith("/")
    ]


def triage_table(source: IO[str], target: IO[str], parse: Callable[[str], dict[str, Any]], column: str) -> int:
    """Rows triaged; the CSV's header must name `column`."""
    reader = csv.DictReader(source)
    if reader.fieldnames is None or column not in reader.fieldnames:
        raise TableError(f"no column {column!r} in the CSV header: {reader.fieldnames}")
    writer = csv.DictWriter(target, [*reader.fieldnames, *(c for c in COLUMNS if c not in reader.fieldnames)])
    writer.writeheader()
    count = 0
    for row in reader:
        text = mask_pii(row.get(column) or "")
        result = triage_message(reading_of(text, parse(text))) if text.strip() else None
        out = {**row, column: text}
        if result is not None:
            out.update(
                intent=result.intent,
                confidence=f"{result.confidence:.3f}",
                priority=result.priority,
                reasons="；".join(result.reasons),
                flags="、".join(LABELS[f] for f in result.flags),
                summary=result.summary,
            )
        writer.writerow(out)
        count += 1
    return count
