"""The real-question development set: which rows are labelled, the dev/test split, and the labels.

The questions themselves are people's words and stay in `../shared/data/real_questions.tsv`; the
project keeps only row ids and labels (`eval/real_questions/labels.tsv`) and reads the text at
evaluation time. The two sentences of one source pair are often paraphrases, so the sample and the
split are drawn by source pair: both sentences are always on the same side.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

SHARED_TSV = PROJECT_ROOT.parent / "shared" / "data" / "real_questions.tsv"
LABELS = PROJECT_ROOT / "eval" / "real_questions" / "labels.tsv"
SAMPLE_SIZE = 1600


@dataclass(frozen=True)
class Row:
    id: str
    pair: str  # repository, file and record line: the source pair the sentence belongs to
    stratum: str  # the source file
    text: str


@dataclass(frozen=True)
class Label:
    id: str
    intent: str
    ambiguous: bool
    alternative: str  # the other plausible intent of an ambiguous row, else ""


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def read_rows(path: Path = SHARED_TSV) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                r["id"],
                f"{r['source_repo']}/{r['source_path']}#{r['record'].split(':')[0]}",
                f"{r['source_repo']}/{r['source_path']}",
                r["question"],
            )
            for r in reader
        ]


def split_of(row: Row) -> str:
    """'dev' or 'test', fixed by the source pair."""
    return "dev" if int(_hash("split", row.pair)[:8], 16) % 2 == 0 else "test"


def sample(rows: list[Row], size: int = SAMPLE_SIZE) -> list[Row]:
    """About `size` rows, whole pairs, each source file in proportion to its share of the rows."""
    by_stratum: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_stratum[row.stratum][row.pair].append(row)
    chosen: list[Row] = []
    for _stratum, pairs in sorted(by_stratum.items()):
        quota = round(size * sum(len(p) for p in pairs.values()) / len(rows))
        taken = 0
        for pair in sorted(pairs, key=lambda p: _hash("sample", p)):
            if taken >= quota:
                break
            chosen.extend(pairs[pair])
            taken += len(pairs[pair])
    return sorted(chosen, key=lambda r: r.id)


def read_labels(path: Path = LABELS) -> dict[str, Label]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["id"]: Label(r["id"], r["intent"], r["ambiguous"] == "1", r.get("alternative") or "") for r in reader}
