"""Latency of one conversational turn through the REST channel, and server memory.

Starts the servers as `make run` does (private SQLite, free ports), sends
N messages in sequence from a set of real-looking questions, and prints the
median and p95 time of one turn, the throughput of sequential turns, and the
resident memory of each server. A benchmark, not a test: it prints numbers.

    python -m scripts.bench_turn [--turns 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from bot import local_servers, modelstore
from bot.local_servers import LocalServers
from bot.settings import PROJECT_ROOT

QUESTIONS = [
    "我借呗逾期三个月了，今天收到律师函短信，是真的吗？",
    "逾期记录多久能消",
    "催收晚上十一点还打电话合法吗",
    "花唄逾期一天算逾期嗎",
    "信用卡欠了5w还不上了能停息挂账吗",
    "借呗逾期会不会坐牢",
    "你好",
    "分期乐说要上门是真的吗",
]


class Conversations:
    """REST conversations by name, each sending back the session token the server issued, as a client does."""

    def __init__(self, url: str):
        self.url = url
        self.tokens: dict[str, str] = {}

    def post(self, http: requests.Session, name: str, message: str) -> requests.Response:
        reply = http.post(self.url, json={"sender": self.tokens.get(name), "message": message}, timeout=60)
        self.tokens[name] = reply.headers.get("X-Zhaida-Session", self.tokens.get(name, ""))
        return reply


def count_option(doc: str, option: str, default: int) -> int | None:
    """The benchmark's one option (--turns, --requests …), or None after saying that no model matches."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{option}", type=int, default=default)
    value = getattr(parser.parse_args(), option)
    if modelstore.current_model() is None:
        print("no trained model matches the sources: run `make model`", file=sys.stderr)
        return None
    return value


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the servers fork workers), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def start_servers(prefix: str, root: Path | None = None) -> LocalServers:
    """Both servers as `make run` starts them (bot/local_servers.py), in a fresh temporary directory."""
    if modelstore.current_model() is None:
        sys.exit("no model for the current sources: run `make model`")
    try:
        return local_servers.start(Path(tempfile.mkdtemp(prefix=prefix)), root=root or PROJECT_ROOT)
    except local_servers.StartError as error:
        sys.exit(str(error))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8, help="concurrent conversations for the throughput run")
    args = parser.parse_args()
    started = time.monotonic()
    servers = start_servers("zhaida-bench-")
    startup = time.monotonic() - started
    model = modelstore.current_model()
    http = requests.Session()
    url = f"{servers.base}/webhooks/rest/webhook"
    talk = Conversations(url)
    try:
        for i in range(10):  # warm-up
            talk.post(http, "warm", QUESTIONS[i % len(QUESTIONS)])
        timings = []
        began = time.perf_counter()
        for i in range(args.turns):
            t = time.perf_counter()
            reply = talk.post(http, f"bench-{i % 20}", QUESTIONS[i % len(QUESTIONS)])
            timings.append((time.perf_counter() - t) * 1000)
            assert reply.status_code == 200 and reply.json(), reply.text
            assert "知识库暂时不可用" not in reply.text, reply.text
        elapsed = time.perf_counter() - began
        timings.sort()
        print(f"model: {model.name} ({model.stat().st_size / 1e6:.1f} MB)")
        print(f"server start-up (both, model loaded): {startup:.1f} s")
        print(f"turns: {args.turns} sequential through POST /webhooks/rest/webhook, SQLite tracker store")
        print(
            f"latency median: {statistics.median(timings):.1f} ms   "
            f"p95: {timings[int(0.95 * len(timings)) - 1]:.1f} ms   "
            f"max: {timings[-1]:.1f} ms"
        )
        print(f"sequential throughput: {args.turns / elapsed:.1f} turns/s")
        # Throughput with several conversations at once, each client one sender (bounded: --turns in all).
        from concurrent.futures import ThreadPoolExecutor

        def client(n: int) -> list[float]:
            own = requests.Session()
            times = []
            for i in range(args.turns // args.clients):
                t = time.perf_counter()
                r = talk.post(own, f"conc-{n}", QUESTIONS[(i + n) % len(QUESTIONS)])
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200 and r.json(), r.text
            return times

        began = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            concurrent = sorted(t for ts in pool.map(client, range(args.clients)) for t in ts)
        elapsed = time.perf_counter() - began
        print(
            f"{args.clients} concurrent conversations: {len(concurrent) / elapsed:.1f} turns/s, "
            f"latency median {statistics.median(concurrent):.1f} ms, "
            f"p95 {concurrent[int(0.95 * len(concurrent)) - 1]:.1f} ms"
        )
        rasa, actions = rss_mb(servers.pid("rasa")), rss_mb(servers.pid("actions"))
        print(f"resident memory: rasa server {rasa:.0f} MB, action server {actions:.0f} MB")
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
