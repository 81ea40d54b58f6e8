"""NLU evaluation: our pipeline against a plain baseline, on our held-out file and on real questions.

Both are trained on data/nlu (cached by fingerprint) and scored on
- eval/nlu/test_nlu.yml, written in another voice and never trained on;
- the labelled real questions (bot/realq.py): texts read from ../shared/data/real_questions.tsv at
  evaluation time, labels from eval/real_questions/labels.tsv; the dev half is for error analysis
  (its errors are written to results/real_dev_errors.tsv), the test half only for figures.
Prints a Markdown report and writes results/eval.md and results/eval.json.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import statistics
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bot.settings import PROJECT_ROOT
from scripts.ensure_model import ensure

TEST_FILE = PROJECT_ROOT / "eval" / "nlu" / "test_nlu.yml"
# (config, NLU only?): ours is the very model the servers run; the baseline needs no dialogue.
SYSTEMS = {"债答 (ours)": ("config.yml", False), "baseline": ("eval/nlu/baseline_config.yml", True)}
ENTITY_TYPES = ("platform", "amount", "duration")


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def intent_f1(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """F1 per gold intent from (gold, predicted) pairs; a prediction outside the gold intents is only a miss."""
    counts = {gold: Counter() for gold, _ in pairs}
    for gold, predicted in pairs:
        if predicted == gold:
            counts[gold]["tp"] += 1
        else:
            counts[gold]["fn"] += 1
            if predicted in counts:
                counts[predicted]["fp"] += 1
    return {i: f1(c["tp"], c["fp"], c["fn"]) for i, c in sorted(counts.items())}


def load_test_examples():
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(TEST_FILE))
    examples = []
    for message in data.intent_examples:
        gold_entities = {(e["entity"], str(e.get("value", e.get("text")))) for e in message.get("entities") or []}
        examples.append((message.get("text"), message.get("intent"), gold_entities))
    return examples


async def predict(model: Path, examples):
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    results, timings = [], []
    for text, _, _ in examples:
        started = time.perf_counter()
        parsed = await agent.parse_message(text)
        timings.append((time.perf_counter() - started) * 1000)
        entities = {(e["entity"], str(e["value"])) for e in parsed.get("entities", []) if e["entity"] in ENTITY_TYPES}
        results.append((parsed["intent"]["name"], entities))
    return results, timings


def score(examples, predictions):
    intents = sorted({gold for _, gold, _ in examples})
    pairs = [(gold, predicted) for (_, gold, _), (predicted, _) in zip(examples, predictions, strict=False)]
    correct = sum(gold == predicted for gold, predicted in pairs)
    per_intent = intent_f1(pairs)
    entity_counts = {t: Counter() for t in ENTITY_TYPES}
    for (_, _, gold), (_, found) in zip(examples, predictions, strict=False):
        for etype in ENTITY_TYPES:
            g = {e for e in gold if e[0] == etype}
            p = {e for e in found if e[0] == etype}
            entity_counts[etype].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    entities = {
        t: {
            "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0,
            "recall": c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0,
            "f1": f1(c["tp"], c["fp"], c["fn"]),
            "gold": c["tp"] + c["fn"],
        }
        for t, c in entity_counts.items()
    }
    return {
        "accuracy": correct / len(examples),
        "macro_f1": statistics.mean(per_intent.values()),
        "per_intent": per_intent,
        "support": {i: sum(1 for _, g, _ in examples if g == i) for i in intents},
        "entities": entities,
    }


def report(results: dict) -> str:
    names = list(results)
    lines = [
        f"Held-out set: `{TEST_FILE.relative_to(PROJECT_ROOT)}`, "
        f"{sum(results[names[0]]['support'].values())} messages; "
        "trained on `data/nlu/`.",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
        "| intent accuracy | " + " | ".join(f"{results[n]['accuracy']:.3f}" for n in names) + " |",
        "| intent macro-F1 | " + " | ".join(f"{results[n]['macro_f1']:.3f}" for n in names) + " |",
        "| median parse time (ms) | " + " | ".join(f"{results[n]['median_ms']:.1f}" for n in names) + " |",
    ]
    for etype in ENTITY_TYPES:
        lines.append(
            f"| entity `{etype}` F1 (P/R) | "
            + " | ".join(
                f"{results[n]['entities'][etype]['f1']:.3f} ({results[n]['entities'][etype]['precision']:.2f}/"
                f"{results[n]['entities'][etype]['recall']:.2f})"
                for n in names
            )
            + " |"
        )
    lines += [
        "",
        "Per-intent F1:",
        "",
        "| intent | n | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]
    first = results[names[0]]
    for intent in sorted(first["per_intent"], key=lambda i: -first["support"][i]):
        lines.append(
            f"| {intent} | {first['support'][intent]} | "
            + " | ".join(f"{results[n]['per_intent'][intent]:.2f}" for n in names)
            + " |"
        )
    return "\n".join(lines)


def load_real_examples() -> dict[str, list] | None:
    """{"dev": [(id, text, gold, alternative)], "test": [...]} or None when ../shared is not beside the repo."""
    from bot import realq

    if not realq.SHARED_TSV.exists():
        return None
    labels = realq.read_labels()
    halves: dict[str, list] = {"dev": [], "test": []}
    for row in realq.read_rows():
        label = labels.get(row.id)
        if label:
            halves[realq.split_of(row)].append((row.id, row.text, label.intent, label.alternative))
    return halves


def score_real(examples, predictions) -> dict:
    strict = lenient = fallback = 0
    for (_, _, gold, alternative), predicted in zip(examples, predictions, strict=False):
        fallback += predicted == "nlu_fallback"
        strict += predicted == gold
        lenient += predicted in (gold, alternative)
    per_intent = intent_f1(
        [(gold, predicted) for (_, _, gold, _), predicted in zip(examples, predictions, strict=False)]
    )
    support = Counter(gold for _, _, gold, _ in examples)
    return {
        "n": len(examples),
        "accuracy": strict / len(examples),
        "accuracy_with_alternative": lenient / len(examples),
        "macro_f1": statistics.mean(per_intent.values()),
        "fallback_rate": fallback / len(examples),
        "per_intent": per_intent,
        "support": dict(support),
    }


def real_report(real: dict) -> str:
    names = list(real)
    lines = [
        "",
        "Real questions (labelled sample of `../shared/data/real_questions.tsv`; labels in "
        "`eval/real_questions/labels.tsv`, split by source pair). Accuracy counts the fallback as wrong; "
        "the second accuracy also accepts the other intent of rows labelled ambiguous.",
        "",
    ]
    for half in ("test", "dev"):
        first = real[names[0]][half]
        lines += [
            f"**{half} half** ({first['n']} questions{', figures only' if half == 'test' else ', error analysis'}):",
            "",
            "| | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for key, label in (
            ("accuracy", "intent accuracy"),
            ("accuracy_with_alternative", "accuracy, ambiguous rows either intent"),
            ("macro_f1", "macro-F1 (intents present)"),
            ("fallback_rate", "fallback rate"),
        ):
            lines.append(f"| {label} | " + " | ".join(f"{real[n][half][key]:.3f}" for n in names) + " |")
        weakest = sorted(
            (i for i in first["per_intent"] if first["support"][i] >= 5), key=lambda i: first["per_intent"][i]
        )[:5]
        lines.append(
            "| weakest intents (F1, n≥5) | "
            + " | ".join(", ".join(f"{i} {real[n][half]['per_intent'][i]:.2f}" for i in weakest) for n in names)
            + " |"
        )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    examples = load_test_examples()
    real_examples = load_real_examples()
    results, real = {}, {}
    out = PROJECT_ROOT / "results"
    out.mkdir(exist_ok=True)
    for name, (config, nlu_only) in SYSTEMS.items():
        model = ensure(config, nlu_only=True, data=("data/nlu",)) if nlu_only else ensure(config)
        predictions, timings = asyncio.run(predict(model, examples))
        results[name] = score(examples, predictions)
        results[name]["median_ms"] = statistics.median(timings)
        if real_examples:
            real[name] = {}
            for half, rows in real_examples.items():
                found, _ = asyncio.run(predict(model, [(text, None, set()) for _, text, _, _ in rows]))
                intents = [intent for intent, _ in found]
                real[name][half] = score_real(rows, intents)
                if half == "dev" and name == next(iter(SYSTEMS)):
                    with (out / "real_dev_errors.tsv").open("w", encoding="utf-8") as errors:
                        errors.write("id\tgold\talternative\tpredicted\ttext\n")
                        for (rid, text, gold, alternative), predicted in zip(rows, intents, strict=False):
                            if predicted not in (gold,):
                                errors.write(f"{rid}\t{gold}\t{alternative}\t{predicted}\t{text}\n")
    results["real_questions"] = real
    text = report({k: v for k, v in results.items() if k != "real_questions"})
    if real:
        text += "\n" + real_report(real)
    else:
        text += (
            "\n\nReal questions: not evaluated, `../shared/data/real_questions.tsv` is not beside this "
            "checkout (the texts are read from there, never copied into the project)."
        )
    (out / "eval.md").write_text(text + "\n", encoding="utf-8")
    (out / "eval.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
