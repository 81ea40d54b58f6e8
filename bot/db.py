"""One engine per database URL, and a short-lived session per unit of work."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot import settings

Base = declarative_base()


def engine(url: str | None = None) -> Engine:
    # Resolved before the cache: a process whose ZHAIDA_DATABASE_URL changes (the tests) gets the new one.
    return _engine(url or settings.database_url())


@functools.cache
def _engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        # The Rasa server and the action server share the file; wait for each other's locks.
        kwargs["connect_args"] = {"timeout": 15, "check_same_thread": False}
    return create_engine(url, **kwargs)


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
