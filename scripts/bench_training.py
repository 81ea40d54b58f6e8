"""Training time of the working tree against an earlier revision, measured in one run.

Each side is trained from scratch (no component cache, `--force`) in a directory of its own that
holds that side's config, domain, data and `bot/` package (its custom components), alternating
the sides so that a machine slowing down mid-run hits both. Prints each time, the medians and the
ratio. Usage: python -m scripts.bench_training --ref 530e808 --reps 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.modelstore import TRAINING_DATA
from bot.settings import PROJECT_ROOT

# What training reads: the rest of the tree does not change the model.
TREE = ("config.yml", "domain.yml", "data", "bot")


def export_revision(revision: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", revision, *TREE], cwd=PROJECT_ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def export_working_tree(into: Path) -> None:
    for name in TREE:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)


def count_examples(root: Path) -> int:
    from rasa.shared.nlu.training_data.loading import load_data

    return len(load_data(str(root / "data" / "nlu")).intent_examples)


def train(root: Path) -> float:
    env = dict(os.environ, RASA_MAX_CACHE_SIZE="0", PYTHONPATH=str(root), RASA_TELEMETRY_ENABLED="false")
    command = [
        str(Path(sys.executable).with_name("rasa")), "train", "--force",
        "--config", "config.yml", "--domain", "domain.yml", "--data", *TRAINING_DATA,
        "--out", str(root / "models"),
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref", required=True, help="the earlier revision (a commit or branch)")
    parser.add_argument("--reps", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="zhaida-bench-train-") as tmp:
        sides = {f"ref {args.ref}": Path(tmp) / "ref", "working tree": Path(tmp) / "now"}
        for root in sides.values():
            root.mkdir()
        export_revision(args.ref, sides[f"ref {args.ref}"])
        export_working_tree(sides["working tree"])
        examples = {name: count_examples(root) for name, root in sides.items()}
        times: dict[str, list[float]] = {name: [] for name in sides}
        for rep in range(args.reps):
            for name, root in sides.items():
                seconds = train(root)
                times[name].append(seconds)
                print(f"rep {rep + 1}  {name:<22} {examples[name]:>5} examples  {seconds:6.0f} s", flush=True)
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, median in medians.items():
            print(f"median  {name:<22} {median:6.0f} s")
        ref, now = medians.values()
        print(f"ratio   working tree / ref   {now / ref:.2f}")


if __name__ == "__main__":
    main()
