"""Triage measured: priority precision and recall on the probe sets, and intent agreement on the real questions.

- Priority: P1 = eval/probes/crisis.yml, P2 and P3 = eval/probes/priority.yml (plus not_crisis.yml as P3
  or P2, whichever triage gives: those only count against P1 precision). Each message goes through the
  model's NLU (in process, as the triage API does) and bot.triage.
- Intent agreement: triage's intent against the labels of the real questions (eval/real_questions/), both
  halves; triage keeps the likeliest real intent under the fallback threshold, so it answers every row.

    python -m scripts.evaluate_triage
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections import Counter

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bot import modelstore, realq
from bot.privacy import mask_pii
from bot.settings import PROJECT_ROOT
from bot.triage import triage_message
from bot.triage.table import reading_of
from scripts.evaluate_probes import load_probes

LEVELS = ("P1", "P2", "P3")


def priority_sets() -> dict[str, dict[str, list[str]]]:
    """Two sets: the one the rules were written with, and one written blind and never tuned on."""
    import yaml

    folder = PROJECT_ROOT / "eval" / "probes"
    written = yaml.safe_load((folder / "priority.yml").read_text(encoding="utf-8"))
    blind = yaml.safe_load((folder / "priority_heldout.yml").read_text(encoding="utf-8"))
    return {
        "crisis.yml + priority.yml (the rules were written with these)": {
            "P1": [p["text"] for p in load_probes("crisis")],
            "P2": written["p2"],
            "P3": written["p3"],
        },
        "priority_heldout.yml (written blind, never tuned on)": {
            level.upper(): [p["text"] for p in items] for level, items in blind.items()
        },
    }


async def run() -> int:
    from rasa.core.agent import Agent

    model = modelstore.current_model()
    if model is None:
        print("no trained model matches the sources: run `make model`", file=sys.stderr)
        return 1
    agent = Agent.load(str(model))

    async def triage(text: str):
        text = mask_pii(text)
        return triage_message(reading_of(text, await agent.parse_message(text)))

    for name, sets in priority_sets().items():
        pairs = []
        for gold, texts in sets.items():
            for text in texts:
                pairs.append((gold, (await triage(text)).priority, text))
        print(f"## Priority: {name}\n\n| level | n | precision | recall |\n|---|---:|---:|---:|")
        for level in LEVELS:
            tp = sum(g == level and p == level for g, p, _ in pairs)
            predicted = sum(p == level for _, p, _ in pairs)
            gold_n = sum(g == level for g, _, _ in pairs)
            precision, recall = tp / predicted if predicted else 0, tp / gold_n if gold_n else 0
            print(f"| {level} | {gold_n} | {precision:.3f} | {recall:.3f} |")
        misses = [(g, p, t) for g, p, t in pairs if g != p]
        if misses:
            print("\nDisagreements (gold → triage):")
            for g, p, t in misses:
                print(f"- {g} → {p}: {t}")
        print()
    wrongly_p1 = [t for t in (p["text"] for p in load_probes("not_crisis")) if (await triage(t)).priority == "P1"]
    print(f"not_crisis.yml: {len(wrongly_p1)} of {len(load_probes('not_crisis'))} made P1 {wrongly_p1 or ''}\n")

    if not realq.SHARED_TSV.exists():
        print(f"\n(no {realq.SHARED_TSV}: intent agreement on real questions not measured)")
        return 0
    labels = realq.read_labels()
    rows = [r for r in realq.read_rows() if r.id in labels]
    agree: Counter = Counter()
    total: Counter = Counter()
    for row in rows:
        half = realq.split_of(row)
        result = await triage(row.text)
        label = labels[row.id]
        total[half] += 1
        agree[half] += result.intent == label.intent
        agree[half + " lenient"] += result.intent in (label.intent, label.alternative)
    print("\n## Triage intent agreement with the labelled real questions\n")
    print("| half | n | agreement | either intent of ambiguous rows |")
    print("|---|---:|---:|---:|")
    for half in ("dev", "test"):
        n = total[half]
        print(f"| {half} | {n} | {agree[half] / n:.3f} | {agree[half + ' lenient'] / n:.3f} |")
    return 0


def main() -> int:
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)  # Rasa's loading and per-message chatter
    configure_structlog(logging.WARNING)
    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
