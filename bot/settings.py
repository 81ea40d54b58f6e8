"""Settings from the environment, with the embedded defaults a fresh machine needs."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHAIDA_VAR_DIR", PROJECT_ROOT / "var"))


def database_url() -> str:
    """SQLite under var/ unless ZHAIDA_DATABASE_URL names another database (e.g. PostgreSQL)."""
    url = os.environ.get("ZHAIDA_DATABASE_URL")
    if url:
        return url
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'zhaida.db'}"


def kb_timeout() -> float:
    """Seconds an action waits for the knowledge base before it answers from the copy it last read."""
    return float(os.environ.get("ZHAIDA_KB_TIMEOUT", "2.0"))


def rasa_port() -> int:
    return int(os.environ.get("ZHAIDA_RASA_PORT", "5005"))


def actions_port() -> int:
    return int(os.environ.get("ZHAIDA_ACTIONS_PORT", "5055"))
