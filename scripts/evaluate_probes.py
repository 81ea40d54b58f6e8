"""Safety probes: crisis recall and precision, evade_debt recall.

Reads eval/probes/{crisis,not_crisis,evade_debt}.yml and scores
- crisis_signal alone (bot/nlu/crisis.py) on normalised text, as CrisisGuard sees it;
- the full NLU of a trained model, when there is one: Agent.load(model).parse_message(text),
  crisis when the intent is `crisis`, evade_debt likewise; and, for crisis, what a user outside
  a form is answered: the intent is `crisis`, or `nlu_fallback` with crisis likely enough for
  action_topic_fallback to give the crisis answer (bot.topics.crisis_possible).
The model is --model, else the one that fits the current sources (bot.modelstore.current_model());
without one that part is skipped with a message. Nothing is trained here.

Prints a Markdown table, then every miss and false alarm. Exits 1 when crisis_signal misses a
crisis probe.

    .venv/bin/python -m scripts.evaluate_probes [--model models/….tar.gz] [--no-model]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bot.nlu.crisis import crisis_signal
from bot.settings import PROJECT_ROOT
from bot.text.normalize import normalize

PROBES = PROJECT_ROOT / "eval" / "probes"
SETS = ("crisis", "not_crisis", "evade_debt")
Probes = dict[str, list[dict]]


def load_probes(name: str, folder: Path = PROBES) -> list[dict]:
    import yaml

    probes = yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))["probes"]
    for probe in probes:
        if not isinstance(probe, dict) or not str(probe.get("text") or "").strip():
            raise ValueError(f"{folder / name}.yml: every probe needs a text: {probe!r}")
    return probes


@dataclass
class Score:
    """Per probe set, per probe: read as crisis? as evade_debt? answered with the crisis text?"""

    crisis: dict[str, list[bool]]
    evade: dict[str, list[bool]] = field(default_factory=dict)
    crisis_answer: dict[str, list[bool]] = field(default_factory=dict)


def score_signal(probes: Probes) -> Score:
    return Score(crisis={name: [crisis_signal(normalize(p["text"])) for p in items] for name, items in probes.items()})


async def _parse_all(model: Path, probes: Probes) -> dict[str, list[dict]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    parsed: dict[str, list[dict]] = {}
    for name, items in probes.items():
        parsed[name] = [await agent.parse_message(p["text"]) for p in items]
    return parsed


def _intent(parsed: dict) -> str:
    return (parsed.get("intent") or {}).get("name") or ""


def _gets_crisis_answer(parsed: dict) -> bool:
    """What the rules answer outside a form: crisis, or a fallback that sees a likely crisis."""
    from bot.topics import crisis_possible

    if _intent(parsed) == "crisis":
        return True
    ranking = [(r.get("name"), r.get("confidence", 0.0)) for r in parsed.get("intent_ranking") or []]
    ranking = [(name, confidence) for name, confidence in ranking if name != "nlu_fallback"]
    return _intent(parsed) == "nlu_fallback" and crisis_possible(ranking)


def score_model(model: Path, probes: Probes) -> Score:
    parsed = asyncio.run(_parse_all(model, probes))
    return Score(
        crisis={name: [_intent(p) == "crisis" for p in found] for name, found in parsed.items()},
        evade={name: [_intent(p) == "evade_debt" for p in found] for name, found in parsed.items()},
        crisis_answer={name: [_gets_crisis_answer(p) for p in found] for name, found in parsed.items()},
    )


def ratio(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def _rate(field_name: str, probe_set: str):
    """A cell: the share of one probe set that one reading marks (— when not measured)."""

    def cell(score: Score) -> str:
        marks = getattr(score, field_name)
        return ratio(sum(marks[probe_set]), len(marks[probe_set])) if marks else "—"

    return cell


def _precision(score: Score) -> str:
    hits, false = sum(score.crisis["crisis"]), sum(score.crisis["not_crisis"])
    return ratio(hits, hits + false)


def table(probes: Probes, columns: dict[str, Score]) -> str:
    n = {name: len(items) for name, items in probes.items()}
    rows = [
        (f"crisis recall (crisis, n={n['crisis']})", _rate("crisis", "crisis")),
        (f"crisis precision (crisis + not_crisis, n={n['crisis'] + n['not_crisis']})", _precision),
        (f"false crisis on not_crisis (n={n['not_crisis']})", _rate("crisis", "not_crisis")),
        (f"false crisis on evade_debt (n={n['evade_debt']})", _rate("crisis", "evade_debt")),
        (f"crisis answer outside a form, incl. fallback (crisis, n={n['crisis']})", _rate("crisis_answer", "crisis")),
        (
            f"crisis answer outside a form, incl. fallback (not_crisis, n={n['not_crisis']})",
            _rate("crisis_answer", "not_crisis"),
        ),
        (f"evade_debt recall (evade_debt, n={n['evade_debt']})", _rate("evade", "evade_debt")),
    ]
    lines = ["| | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    lines += [f"| {label} | " + " | ".join(cell(s) for s in columns.values()) + " |" for label, cell in rows]
    return "\n".join(lines)


def errors(probes: Probes, label: str, score: Score) -> list[str]:
    out = []
    for name, wanted in (("crisis", True), ("not_crisis", False), ("evade_debt", False)):
        for probe, got in zip(probes[name], score.crisis[name], strict=False):
            if got != wanted:
                kind = "missed crisis" if wanted else f"false crisis ({name})"
                out.append(f"- {label}: {kind}: {probe['text']}  [{probe.get('note', '')}]")
    if score.evade:
        for probe, got in zip(probes["evade_debt"], score.evade["evade_debt"], strict=False):
            if not got:
                out.append(f"- {label}: missed evade_debt: {probe['text']}  [{probe.get('note', '')}]")
        for probe, got, answered in zip(
            probes["crisis"], score.crisis["crisis"], score.crisis_answer["crisis"], strict=False
        ):
            if not got and answered:
                out.append(f"- {label}: crisis only through nlu_fallback (crisis in the ranking): {probe['text']}")
    return out


def _model(args: argparse.Namespace) -> Path | None:
    if args.no_model:
        return None
    if args.model:
        if args.model.exists():
            return args.model
        print(f"full NLU skipped: {args.model} does not exist.\n")
        return None
    from bot.modelstore import current_model

    model = current_model()
    if model is None:
        print(
            "full NLU skipped: no trained model fits the current sources (`make model` trains one; "
            "--model scores another).\n"
        )
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a trained model (.tar.gz); default: the current sources' model")
    parser.add_argument("--no-model", action="store_true", help="score crisis_signal only")
    args = parser.parse_args(argv)

    probes = {name: load_probes(name) for name in SETS}
    columns = {"crisis_signal": score_signal(probes)}
    model = _model(args)
    if model is not None:
        from rasa.utils.log_utils import configure_structlog

        logging.basicConfig(level=logging.WARNING)  # Rasa's loading and per-message chatter
        configure_structlog(logging.WARNING)
        columns[f"full NLU ({model.name})"] = score_model(model, probes)

    print("## Safety probes (eval/probes/)\n")
    print(table(probes, columns))
    problems = [line for label, score in columns.items() for line in errors(probes, label, score)]
    if problems:
        print("\n" + "\n".join(problems))
    return 0 if all(columns["crisis_signal"].crisis["crisis"]) else 1


if __name__ == "__main__":
    sys.exit(main())
