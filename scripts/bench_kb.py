"""KB lookup time: what action_answer_topic does per turn (lookup + compose), on SQLite and PostgreSQL.

    python -m scripts.bench_kb [--rounds 50]
Prints the median and p95 per lookup over every debt topic × (no platform, each platform).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from bot import db
from bot.kb import content, store
from bot.kb.compose import compose
from bot.kb.repository import KnowledgeBase
from bot.settings import PROJECT_ROOT
from bot.topics import DEBT_TOPICS

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def bench(url: str, rounds: int) -> list[float]:
    db.create_schema(url)
    loaded = content.load(PROJECT_ROOT / "data" / "kb")
    store.sync(loaded, url)
    kb = KnowledgeBase(url)
    cases = [(t, p) for t in DEBT_TOPICS for p in (None, *loaded.platforms)]
    kb.answer(*cases[0])  # first call loads the snapshot
    timings = []
    for _ in range(rounds):
        for topic, platform in cases:
            started = time.perf_counter()
            compose(kb.answer(topic, platform))
            timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    urls = {"SQLite": f"sqlite:///{tempfile.mkdtemp(prefix='zhaida-kb-')}/kb.db"}
    try:
        from sqlalchemy import create_engine, text

        with create_engine(POSTGRES).connect() as c:
            c.execute(text("SELECT 1"))
        urls["PostgreSQL"] = POSTGRES
    except Exception:
        print("(no PostgreSQL at 127.0.0.1:5432; SQLite only)")
    for name, url in urls.items():
        t = bench(url, args.rounds)
        print(
            f"{name}: {len(t)} lookups+compose, median {statistics.median(t):.3f} ms, "
            f"p95 {t[int(0.95 * len(t)) - 1]:.3f} ms"
        )


if __name__ == "__main__":
    main()
