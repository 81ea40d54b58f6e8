"""Lists training examples and question paraphrases (data/kb/questions/ `asks`) that are copies of real
questions (ignoring spaces and punctuation).

Real people's sentences are for measuring only; training data is written in our own words.
Exits 1 when a copy is found. Needs ../shared beside the checkout (says so and exits 0 otherwise).
"""

from __future__ import annotations

import sys

from bot import realq
from bot.settings import PROJECT_ROOT


def key(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).lower()


def copies() -> list[tuple[str, str]]:
    import yaml

    real = {key(r.text): r.id for r in realq.read_rows()}
    found = []
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                example = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if example and key(example) in real:
                    found.append((real[key(example)], f"{path.name}: {example}"))
    for path in sorted((PROJECT_ROOT / "data" / "kb" / "questions").glob("*.yml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8")).get("questions", []):
            for ask in question.get("asks") or []:
                if key(str(ask)) in real:
                    found.append((real[key(str(ask))], f"questions/{path.name}: {ask}"))
    return found


def main() -> int:
    if not realq.SHARED_TSV.exists():
        print(f"{realq.SHARED_TSV} not here: nothing to compare with")
        return 0
    found = copies()
    for rid, where in found:
        print(f"{rid}\t{where}")
    print(len(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
