"""How well the question index finds the specific question a real message asks (bot/kb/question_index.py).

Labels: eval/real_questions/question_labels.tsv (row id → question id, or `none` when the topic answer
is the right reply; a second acceptable id where two fit). Texts are read from ../shared at run time.
Topics: the row's labelled intent and its alternative stand in for the NLU's likeliest topics, so this
measures retrieval alone. The threshold is chosen on the dev half; the test half only gives figures.
With --nlu, the current model's intent ranking is used instead, through bot.kb.choose as the bot runs
it: how often the reply carries the right specific question (or none when none is right), for the
NLU's top two topics only and for the top three plus a close match of another topic (the default).

    python -m scripts.evaluate_questions [--nlu]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import os
import tempfile

from bot import realq
from bot.kb import content
from bot.kb.question_index import THRESHOLD, QuestionIndex
from bot.settings import PROJECT_ROOT

LABELS = PROJECT_ROOT / "eval" / "real_questions" / "question_labels.tsv"


def load() -> dict[str, list[tuple[str, list[str], set[str | None]]]]:
    intents = realq.read_labels()
    with LABELS.open(encoding="utf-8", newline="") as f:
        gold = {r["id"]: r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")}
    halves: dict[str, list] = {"dev": [], "test": []}
    for row in realq.read_rows():
        if row.id in gold and row.id in intents:
            label = intents[row.id]
            accepted = {None if v == "none" else v for v in (gold[row.id]["question_id"], gold[row.id]["second"]) if v}
            halves[realq.split_of(row)].append(
                (row.text, [t for t in (label.intent, label.alternative) if t], accepted)
            )
    return halves


def score(index: QuestionIndex, rows: list, threshold: float) -> dict:
    right = found = found_right = with_gold = 0
    for text, topics, accepted in rows:
        match = index.find(text, topics, threshold=threshold)
        predicted = match.question.id if match else None
        right += predicted in accepted
        with_gold += any(accepted - {None})
        if predicted:
            found += 1
            found_right += predicted in accepted
    return {
        "n": len(rows),
        "accuracy": right / len(rows),
        "answered": found / len(rows),
        "precision": found_right / found if found else 0.0,
        "recall": found_right / with_gold if with_gold else 0.0,
    }


def parse_all(halves: dict) -> dict[str, list[dict]]:
    """The current model's parse of every row, by half (one model load)."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    from scripts.ensure_model import ensure

    logging.basicConfig(level=logging.WARNING)  # Rasa's loading and per-message chatter
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(ensure()))

    async def run(rows: list) -> list[dict]:
        return [await agent.parse_message(text) for text, _, _ in rows]

    return {half: asyncio.run(run(rows)) for half, rows in halves.items()}


def end_to_end(halves: dict) -> None:
    from bot.kb import loader
    from bot.kb.choose import choose
    from bot.kb.question_index import STRONG
    from bot.kb.repository import KnowledgeBase
    from bot.topics import DEBT_TOPICS

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{os.path.join(tmp, 'kb.db')}"
        loader.load(url)
        snapshot = KnowledgeBase(url).snapshot()
        parses = parse_all(halves)
        print("\nWith the NLU (--nlu): the right specific question in the reply, or none where none is right\n")
        print("| half | top two topics | top three + a close match (in use) |\n|---|---:|---:|")
        for half, rows in halves.items():
            parsed = parses[half]
            right = {(2, None): 0, (3, STRONG): 0}
            for (text, _, accepted), p in zip(rows, parsed, strict=True):
                intent = (p.get("intent") or {}).get("name")
                ranking = [(i["name"], i["confidence"]) for i in p.get("intent_ranking") or []]
                topic = intent if intent in DEBT_TOPICS else None
                for limit, strong in right:
                    choice = choose(snapshot, text, topic, ranking, None, False, limit=limit, strong=strong)
                    right[(limit, strong)] += (choice.question.id if choice.question else None) in accepted
            print(f"| {half} ({len(rows)}) | " + " | ".join(f"{n / len(rows):.3f}" for n in right.values()) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nlu", action="store_true", help="also measure with the current model's topics")
    args = parser.parse_args()
    if not realq.SHARED_TSV.exists():
        print("real questions: not evaluated, ../shared/data/real_questions.tsv is not beside this checkout")
        return
    kb = content.load(PROJECT_ROOT / "data" / "kb")
    index = QuestionIndex(kb.questions.values())
    halves = load()
    print(f"{len(kb.questions)} specific questions; dev {len(halves['dev'])} rows, test {len(halves['test'])} rows")
    print(
        "\nthreshold sweep on the dev half:\n\n"
        "| threshold | accuracy | answered | precision | recall |\n|---:|---:|---:|---:|---:|"
    )
    for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        s = score(index, halves["dev"], t)
        print(f"| {t:.2f} | {s['accuracy']:.3f} | {s['answered']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} |")
    for half in ("dev", "test"):
        s = score(index, halves[half], THRESHOLD)
        print(
            f"\n{half} half at the threshold in use ({THRESHOLD}): accuracy {s['accuracy']:.3f} (a row with no "
            f"question counts as right when none is returned), questions returned for {s['answered']:.1%} of rows, "
            f"precision {s['precision']:.3f}, recall {s['recall']:.3f}"
        )
    if args.nlu:
        end_to_end(halves)


if __name__ == "__main__":
    main()
