"""Conversation events to RabbitMQ through Rasa's own event broker, when ZHAIDA_RABBITMQ_URL is set.

Rasa reads the broker from endpoints.yml and refuses a ${VAR} that is unset, so endpoints.yml cannot name
an optional broker. When the URL is set, the launcher writes a copy of endpoints.yml with an
`event_broker` section into its private run folder (mode 600: it holds the password) and starts Rasa
with that. Events go to the queue ZHAIDA_RABBITMQ_QUEUE (default `zhaida_events`), masked like the tracker
store (bot/tracker_store.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ENV, QUEUE_ENV = "ZHAIDA_RABBITMQ_URL", "ZHAIDA_RABBITMQ_QUEUE"
DEFAULT_QUEUE = "zhaida_events"


def broker_section(url: str, queue: str = DEFAULT_QUEUE) -> str:
    """The `event_broker` YAML for an amqp:// URL; values are JSON strings, which YAML reads literally."""
    parts = urlsplit(url)
    if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
        raise ValueError(f"{URL_ENV} must be an amqp:// or amqps:// URL with a host")
    fields = {
        "type": "pika",
        "url": parts.hostname,
        "port": parts.port or (5671 if parts.scheme == "amqps" else 5672),
        "username": unquote(parts.username or "guest"),
        "password": unquote(parts.password or "guest"),
        "queues": [queue],
        "raise_on_failure": False,
    }
    lines = ["event_broker:"] + [f"  {key}: {json.dumps(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def endpoints_file(base: Path, run_dir: Path, env: dict[str, str] | None = None) -> Path:
    """`base` itself without a broker URL; otherwise a private copy with the broker added."""
    env = dict(os.environ) if env is None else env
    url = env.get(URL_ENV, "").strip()
    if not url:
        return base
    section = broker_section(url, env.get(QUEUE_ENV) or DEFAULT_QUEUE)
    run_dir.mkdir(parents=True, exist_ok=True)
    target = run_dir / "endpoints.yml"
    target.touch(mode=0o600, exist_ok=True)
    target.chmod(0o600)
    target.write_text(base.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section, encoding="utf-8")
    return target
