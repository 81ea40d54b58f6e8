"""Which trained model fits the current sources, and where trained models are kept.

A model is named by a fingerprint of everything that shapes it, so an
unchanged checkout reuses its model (from models/ or from the user cache)
instead of training for minutes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from bot.settings import PROJECT_ROOT

# Rasa's training data (data/kb/ is the knowledge base, read at run time, not trained on).
TRAINING_DATA = ("data/nlu", "data/rules.yml", "data/stories.yml")
# What shapes a model: configuration, domain, training data, our NLU code and dictionaries,
# and the versions of the libraries that train it (not the rest of pyproject.toml).
INPUTS = ("config.yml", "domain.yml", *TRAINING_DATA, "bot/nlu", "bot/text")
LIBRARIES = ("rasa", "tensorflow", "spacy", "jieba", "scikit-learn")
TRAINING_SUFFIXES = {".yml", ".yaml", ".py", ".txt"}


def _input_files(root: Path) -> list[Path]:
    files = []
    for name in INPUTS:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in TRAINING_SUFFIXES and "__pycache__" not in p.parts
            )
    return sorted(files)


def fingerprint(root: Path = PROJECT_ROOT, config: str = "config.yml") -> str:
    digest = hashlib.sha256()
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    digest.update((root / config).read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}=={_version(library)}".encode())
    return digest.hexdigest()[:16]


def _version(library: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(library)
    except PackageNotFoundError:
        return "absent"


def model_name(root: Path = PROJECT_ROOT, config: str = "config.yml", kind: str = "full") -> str:
    """kind: "full" (NLU and dialogue, what the servers run) or "nlu" (evaluation)."""
    stem = Path(config).stem.replace("_", "-")
    return f"zhaida-{stem}-{kind}-{fingerprint(root, config)}"


def models_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "models"


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Path(os.environ.get("ZHAIDA_MODEL_CACHE", base / "zhaida" / "models"))


def current_model(root: Path = PROJECT_ROOT, config: str = "config.yml", kind: str = "full") -> Path | None:
    """The model for the current sources, copied in from the cache if only the cache has it."""
    name = model_name(root, config, kind) + ".tar.gz"
    local = models_dir(root) / name
    if local.exists():
        return local
    cached = cache_dir() / name
    if cached.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(cached, local)
        return local
    return None


def remember(model: Path) -> None:
    """Keeps a freshly trained model in the user cache for other checkouts of the same sources."""
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        shutil.copy2(model, cache_dir() / model.name)
    except OSError:
        pass  # a cache is a convenience; a read-only home must not fail training
