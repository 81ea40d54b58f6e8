"""POST /triage: latency of one message (median, p95) and throughput of batches, against the running servers.

Starts the servers as `make run` does, with an API token of its own, sends the questions one by one and then
as batches of 50, and prints the figures. A benchmark: it prints numbers.

    python -m scripts.bench_triage [--requests 200]
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from bot import local_servers
from scripts.bench_turn import QUESTIONS, count_option


def main() -> int:
    count = count_option(__doc__ or "", "requests", 200)
    if count is None:
        return 1
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as var:
        servers = local_servers.start(Path(var), {"ZHAIDA_API_TOKEN": token})
        try:
            http = requests.Session()
            http.headers["Authorization"] = f"Bearer {token}"
            url = f"{servers.base}/triage"
            for q in QUESTIONS:  # warm-up
                http.post(url, json={"text": q}, timeout=60).raise_for_status()
            times = []
            for i in range(count):
                start = time.perf_counter()
                http.post(url, json={"text": QUESTIONS[i % len(QUESTIONS)]}, timeout=60).raise_for_status()
                times.append(time.perf_counter() - start)
            batch = [{"text": QUESTIONS[i % len(QUESTIONS)]} for i in range(50)]
            start = time.perf_counter()
            for _ in range(4):
                http.post(url, json={"items": batch}, timeout=120).raise_for_status()
            batch_seconds = time.perf_counter() - start
        finally:
            servers.stop()
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    print(f"POST /triage, one message: median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    print(f"batches of 50: {200 / batch_seconds:.0f} messages/s ({batch_seconds / 4 * 1000:.0f} ms a batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
