"""Throughput of one Rasa replica against two, in one run, on the production profile (`make run-prod`).

Starts the profile (two replicas, PostgreSQL, Redis, nginx) on a fresh database, then sends REST turns from
N concurrent conversations for a fixed time: first all to replica 1, then spread over both replicas, then
through nginx. nginx keeps a client on one replica by its address, so from this one machine its figure is
one replica's plus the proxy. Prints turns per second, median and p95, and the ratios. A benchmark: numbers.

    python -m scripts.bench_replicas [--conversations 16] [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import sqlalchemy as sa

from bot import local_servers, modelstore
from bot.prod import READY
from bot.settings import PROJECT_ROOT
from scripts.bench_turn import QUESTIONS

POSTGRES = os.environ.get("ZHAIDA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = "zhaida_bench_replicas"


def drive(bases: list[str], conversations: int, seconds: float) -> tuple[float, list[float]]:
    """Turns per second and each turn's latency, conversation i on bases[i % len(bases)]."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def conversation(i: int) -> None:
        http, token, n = requests.Session(), None, 0
        base = bases[i % len(bases)]
        while time.monotonic() < stop:
            start = time.perf_counter()
            reply = http.post(
                f"{base}/webhooks/rest/webhook",
                json={"sender": token, "message": QUESTIONS[(i + n) % len(QUESTIONS)]},
                timeout=60,
            )
            elapsed = time.perf_counter() - start
            reply.raise_for_status()
            token = reply.headers.get("X-Zhaida-Session", token)
            n += 1
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=conversation, args=(i,)) for i in range(conversations)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.monotonic() - began), latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if modelstore.current_model() is None or not Path("/usr/sbin/nginx").exists():
        print("needs a trained model (make model) and nginx (make nginx)", file=sys.stderr)
        return 1
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE}"))
    admin.dispose()
    with tempfile.TemporaryDirectory() as var:
        port = local_servers.free_port()
        env = {
            **os.environ,
            "ZHAIDA_VAR_DIR": var,
            "ZHAIDA_DATABASE_URL": POSTGRES.rsplit("/", 1)[0] + "/" + DATABASE,
            "ZHAIDA_REDIS_URL": "redis://127.0.0.1:6379/9",
            "ZHAIDA_PROD_PORT": str(port),
            "ZHAIDA_RATE_LIMIT": "100000/60",
        }
        log = Path(var) / "prod.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.prod"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
            )
        try:
            deadline = time.monotonic() + 240
            while READY not in log.read_bytes():
                if process.poll() is not None or time.monotonic() > deadline:
                    print(log.read_text(errors="replace")[-2000:], file=sys.stderr)
                    return 1
                time.sleep(0.5)
            replicas = re.search(r"Replicas:\s+(.+)", log.read_text()).group(1).split(", ")
            drive(replicas, 4, 5)  # warm-up
            results = {
                "one replica": drive(replicas[:1], args.conversations, args.seconds),
                "two replicas": drive(replicas, args.conversations, args.seconds),
                "through nginx": drive([f"http://127.0.0.1:{port}"], args.conversations, args.seconds),
            }
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=90)
    one = results["one replica"][0]
    print(f"{args.conversations} concurrent conversations, {args.seconds:.0f} s each, PostgreSQL + Redis lock store:")
    for name, (rate, latencies) in results.items():
        p95 = sorted(latencies)[max(0, round(0.95 * len(latencies)) - 1)]
        print(
            f"  {name:<14} {rate:6.1f} turns/s ({rate / one:.2f}× one replica)   "
            f"median {statistics.median(latencies) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
