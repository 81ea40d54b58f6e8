"""Resident memory of the Rasa server and the action server, with and without a memory setting, in one run.

Starts the servers (private SQLite) once per variant and run, alternating, sends the same turns from 8
concurrent conversations, and reads VmRSS after them. Variants: the launcher as shipped, and with glibc's
malloc limited to two arenas (MALLOC_ARENA_MAX=2), which bounds the per-thread heaps TensorFlow's and Sanic's
threads would otherwise each grow. Prints medians and ratios. A benchmark: numbers only.

    python -m scripts.bench_memory [--runs 2] [--turns 160]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
from pathlib import Path

import requests

from bot import local_servers
from scripts.bench_turn import QUESTIONS, rss_mb

VARIANTS = {"as shipped": {}, "MALLOC_ARENA_MAX=2": {"MALLOC_ARENA_MAX": "2"}}


def measure(env: dict[str, str], turns: int) -> tuple[float, float]:
    servers = local_servers.start(Path(tempfile.mkdtemp(prefix="zhaida-bench-mem-")), env)
    try:

        def talk(i: int) -> None:
            http, token = requests.Session(), None
            for n in range(turns // 8):
                reply = http.post(
                    f"{servers.base}/webhooks/rest/webhook",
                    json={"sender": token, "message": QUESTIONS[(i + n) % len(QUESTIONS)]},
                    timeout=60,
                )
                token = reply.headers.get("X-Zhaida-Session", token)

        threads = [threading.Thread(target=talk, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return rss_mb(servers.pid("rasa")), rss_mb(servers.pid("actions"))
    finally:
        servers.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--turns", type=int, default=160)
    args = parser.parse_args()
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name, env in VARIANTS.items():
            found[name].append(measure(env, args.turns))
    base = statistics.median(r for r, _ in found["as shipped"])
    print(f"resident memory after {args.turns} turns from 8 conversations (median of {args.runs} runs each):")
    for name, runs in found.items():
        rasa, actions = statistics.median(r for r, _ in runs), statistics.median(a for _, a in runs)
        print(f"  {name:<20} Rasa server {rasa:6.0f} MB ({rasa / base:.2f}×)   action server {actions:5.0f} MB")


if __name__ == "__main__":
    main()
