"""The endpoints file Rasa runs with: endpoints.yml, plus what the environment asks for.

- ZHAIDA_REDIS_URL (redis://[:password@]host:port/db): Rasa's Redis lock store, so that several Rasa
  replicas serve the same conversations one turn at a time (the default lock store is per process).
- ZHAIDA_RABBITMQ_URL (amqp://user:password@host:5672/): conversation events to RabbitMQ through Rasa's own
  event broker, to the queue ZHAIDA_RABBITMQ_QUEUE (default `zhaida_events`), masked like the tracker store
  (bot/tracker_store.py).

Rasa refuses a ${VAR} that is unset, so endpoints.yml cannot name optional services. When either URL is
set, the launcher writes a copy with the sections added into its private run folder (mode 600: it may hold
passwords) and starts Rasa with that.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ENV, QUEUE_ENV = "ZHAIDA_RABBITMQ_URL", "ZHAIDA_RABBITMQ_QUEUE"
REDIS_ENV = "ZHAIDA_REDIS_URL"
LOCK_PREFIX = "zhaida"  # Rasa wants it alphanumeric
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


def lock_store_section(url: str) -> str:
    """The `lock_store` YAML for a redis:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError(f"{REDIS_ENV} must be a redis:// or rediss:// URL with a host")
    db = parts.path.strip("/") or "1"
    if not db.isdigit():
        raise ValueError(f"{REDIS_ENV}: the database must be a number")
    fields: dict[str, object] = {
        # Rasa's Redis lock store with atomic ticket steps (bot/lock_store.py); the keys are Rasa's own.
        "type": "bot.lock_store.AtomicRedisLockStore",
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(db),
        "key_prefix": LOCK_PREFIX,
        "use_ssl": parts.scheme == "rediss",
    }
    if parts.password:
        fields["password"] = unquote(parts.password)
    lines = ["lock_store:"] + [f"  {key}: {json.dumps(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def endpoints_file(base: Path, run_dir: Path, env: dict[str, str] | None = None) -> Path:
    """`base` itself when no optional service is configured; otherwise a private copy with their sections."""
    env = dict(os.environ) if env is None else env
    sections = []
    if env.get(REDIS_ENV, "").strip():
        sections.append(lock_store_section(env[REDIS_ENV].strip()))
    if env.get(URL_ENV, "").strip():
        sections.append(broker_section(env[URL_ENV].strip(), env.get(QUEUE_ENV) or DEFAULT_QUEUE))
    if not sections:
        return base
    section = "\n".join(sections)
    run_dir.mkdir(parents=True, exist_ok=True)
    target = run_dir / "endpoints.yml"
    target.touch(mode=0o600, exist_ok=True)
    target.chmod(0o600)
    target.write_text(base.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section, encoding="utf-8")
    return target
