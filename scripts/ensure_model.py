"""Trains the Rasa model unless one matching the current sources exists (models/ or the cache)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bot import modelstore
from bot.settings import PROJECT_ROOT


def ensure(
    config: str = "config.yml", nlu_only: bool = False, data: tuple[str, ...] = modelstore.TRAINING_DATA
) -> Path:
    kind = "nlu" if nlu_only else "full"
    existing = modelstore.current_model(PROJECT_ROOT, config, kind)
    if existing:
        print(f"model: reusing {existing.relative_to(PROJECT_ROOT)} (sources unchanged)")
        return existing
    name = modelstore.model_name(PROJECT_ROOT, config, kind)
    command = [
        str(Path(sys.executable).with_name("rasa")),
        "train",
        *(["nlu"] if nlu_only else []),
        "--config",
        config,
        "--domain",
        "domain.yml",
        "--nlu" if nlu_only else "--data",
        *data,
        "--out",
        str(modelstore.models_dir()),
        "--fixed-model-name",
        name,
    ]
    print(f"model: training {name} (a few minutes on 2 cores) …", flush=True)
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_ROOT, check=True)
    model = modelstore.models_dir() / f"{name}.tar.gz"
    if not model.exists():
        sys.exit(f"model: rasa train finished but {model} is missing")
    print(f"model: trained in {time.monotonic() - started:.0f} s, {model.stat().st_size / 1e6:.1f} MB")
    modelstore.remember(model)
    return model


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config.yml")
    args = parser.parse_args()
    ensure(args.config)
