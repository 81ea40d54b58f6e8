"""Lists training examples and question paraphrases (data/kb/questions/ `asks`) that are copies of real
questions (ignoring spaces and punctuation), and with `--near` also the training examples that are near
copies (difflib ratio ≥ 0.8 after the same folding: a real sentence with a word or two changed).

Real people's sentences are for measuring only; training data is written in our own words.
Exits 1 when a copy is found. Needs ../shared beside the checkout (says so and exits 0 otherwise).
"""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict

from bot import realq
from bot.settings import PROJECT_ROOT


def key(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).lower()


NEAR = 0.8


def training_examples() -> list[tuple[str, str]]:
    """(file name, example) for every example in data/nlu."""
    import yaml

    found = []
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                example = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if example:
                    found.append((path.name, example))
    return found


def near_copy_finder(texts: list[str], threshold: float = NEAR):
    """A function from a text to the first of `texts` it nearly copies (or None).

    A near copy shares at least one character pair (ratio 0.8 needs matching runs), so an index of
    character pairs picks the candidates worth difflib's time.
    """
    folded = [key(t) for t in texts]
    index: dict[str, set[int]] = defaultdict(set)
    for i, text in enumerate(folded):
        for pair in {text[j : j + 2] for j in range(len(text) - 1)}:
            index[pair].add(i)

    def find(text: str) -> str | None:
        mine = key(text)
        candidates: set[int] = set()
        for pair in {mine[j : j + 2] for j in range(len(mine) - 1)}:
            candidates |= index.get(pair, set())
        for i in sorted(candidates):
            other = folded[i]
            # ratio = 2M/(a+b) with M <= the shorter length: lengths too far apart cannot reach it.
            if 2 * min(len(mine), len(other)) < threshold * (len(mine) + len(other)):
                continue
            matcher = difflib.SequenceMatcher(None, mine, other, autojunk=False)
            if matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold:
                return texts[i]
        return None

    return find


def near_copies(threshold: float = NEAR) -> list[tuple[str, str]]:
    rows = realq.read_rows()
    by_text = {r.text: r.id for r in rows}
    find = near_copy_finder([r.text for r in rows], threshold)
    found = []
    for name, example in training_examples():
        match = find(example)
        if match is not None:
            found.append((by_text[match], f"{name}: {example}"))
    return found


def copies() -> list[tuple[str, str]]:
    import yaml

    real = {key(r.text): r.id for r in realq.read_rows()}
    found = [(real[key(ex)], f"{name}: {ex}") for name, ex in training_examples() if key(ex) in real]
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
    found = near_copies() if "--near" in sys.argv[1:] else copies()
    for rid, where in found:
        print(f"{rid}\t{where}")
    print(len(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
