"""One engine per database URL, and a short-lived session per unit of work."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.pool import QueuePool

from bot import settings

Base = declarative_base()


def engine(url: str | None = None) -> Engine:
    # Resolved before the cache: a process whose ZHAIDA_DATABASE_URL changes (the tests) gets the new one.
    return _engine(url or settings.database_url())


@functools.cache
def _engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        return sqlite_engine(url, **kwargs)
    return create_engine(url, **kwargs)


def sqlite_engine(url: Any, wait_seconds: float = 15, **kwargs: Any) -> Engine:
    """An SQLite file shared by the Rasa server, the action server and the tools, tuned for many short turns.

    - Connections are kept in a pool: SQLAlchemy 1.4 otherwise opens the file anew for every session.
    - Write-ahead logging lets readers go on while a turn is written, and `synchronous=NORMAL` syncs the
      log at checkpoints instead of at every commit. A committed turn survives a crash of any process;
      only a power cut may lose the last turns, which is the embedded default's trade (PostgreSQL is
      the production database).
    - Each process waits up to `wait_seconds` for the others' locks.
    """
    kwargs.setdefault("poolclass", QueuePool)
    kwargs["connect_args"] = {"timeout": wait_seconds, "check_same_thread": False}
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _tune(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def sqlite_tuned(engine: Engine, wait_seconds: float = 5) -> Engine:
    """`engine` (an SQLite engine made elsewhere, e.g. by Rasa) replaced by `sqlite_engine` on the same file.

    It waits for a lock as long as Python's sqlite3 does by default (5 s), as Rasa's own engine did: a turn
    that cannot be stored sooner fails with a retry hint rather than keep the person waiting.
    """
    engine.dispose()
    return sqlite_engine(engine.url, wait_seconds)


def create_schema(url: str | None = None) -> None:
    """Brings our tables to the newest migration (the tracker store creates its own)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(settings.PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(settings.PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url or settings.database_url()
    command.upgrade(config, "head")


@functools.cache
def _session_factory(url: str) -> sessionmaker:
    return sessionmaker(bind=_engine(url), future=True, expire_on_commit=False)


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    with _session_factory(url or settings.database_url())() as s:
        with s.begin():
            yield s
