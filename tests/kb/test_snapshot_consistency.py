"""A KB snapshot is never a mix of two versions, even while `zhaida kb` rewrites the store."""

import dataclasses
import threading
import time

from bot.kb import content, store
from bot.kb.repository import KnowledgeBase, _load

from .conftest import KB_DIR


def variant(loaded: content.Content, marker: str) -> content.Content:
    """The same KB with every fact statement and answer text tagged, so each row tells its version."""
    facts = {k: dataclasses.replace(f, statement=f"{marker}{f.statement}") for k, f in loaded.facts.items()}
    answers = [dataclasses.replace(a, short=f"{marker}{a.short}") for a in loaded.answers]
    return dataclasses.replace(loaded, facts=facts, answers=answers)


def test_snapshots_read_during_rewrites_are_each_one_version(database_url):
    loaded = content.load(KB_DIR)
    versions = [variant(loaded, "〔A〕"), variant(loaded, "〔B〕")]
    markers = {store.content_version(v): m for v, m in zip(versions, ("〔A〕", "〔B〕"), strict=False)}
    store.sync(versions[0], database_url)
    stop = time.monotonic() + 4
    writes = 0

    def rewrite() -> None:
        nonlocal writes
        while time.monotonic() < stop:
            store.sync(versions[writes % 2], database_url)
            writes += 1

    writer = threading.Thread(target=rewrite)
    writer.start()
    seen = 0
    try:
        while time.monotonic() < stop:
            snapshot = _load(database_url)
            marker = markers[snapshot.version]
            assert all(f.statement.startswith(marker) for f in snapshot.facts.values()), snapshot.version
            assert all(a.short.startswith(marker) for a in snapshot.answers.values()), snapshot.version
            seen += 1
    finally:
        writer.join()
    assert writes >= 2 and seen >= 2, (writes, seen)
    assert KnowledgeBase(database_url).snapshot().version in markers
