"""Latency of one conversational turn through the REST channel, and server memory.

Starts the servers as `make run` does (private SQLite, free ports), sends
N messages in sequence from a set of real-looking questions, and prints the
median and p95 time of one turn, the throughput of sequential turns, and the
resident memory of each server. A benchmark, not a test: it prints numbers.

    python scripts/bench_turn.py [--turns 200]
"""
from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import db, modelstore  # noqa: E402
from bot.launcher import Servers, load_kb, server_env  # noqa: E402

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def start_servers(prefix: str) -> Servers:
    """Both servers as `make run` starts them, on free ports with a private SQLite database."""
    model = modelstore.current_model()
    if model is None:
        sys.exit("no model for the current sources: run `make model`")
    var = Path(tempfile.mkdtemp(prefix=prefix))
    env = server_env({
        "ZHAIDA_RASA_PORT": str(free_port()), "ZHAIDA_ACTIONS_PORT": str(free_port()),
        "ZHAIDA_DATABASE_URL": f"sqlite:///{var / 'zhaida.db'}", "ZHAIDA_VAR_DIR": str(var),
    })
    db.create_schema(env["ZHAIDA_DATABASE_URL"])
    if not load_kb(env["ZHAIDA_DATABASE_URL"]):  # as the launcher does: answers come from the KB
        sys.exit("the knowledge base did not load: run `make kb` to see why")
    servers = Servers(model, env, log_dir=var)
    servers.start()
    return servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8, help="concurrent conversations for the throughput run")
    args = parser.parse_args()
    started = time.monotonic()
    servers = start_servers("zhaida-bench-")
    startup = time.monotonic() - started
    model = servers.model
    http = requests.Session()
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
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
        print(f"latency median: {statistics.median(timings):.1f} ms   p95: {timings[int(0.95 * len(timings)) - 1]:.1f} ms   "
              f"max: {timings[-1]:.1f} ms")
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
        print(f"{args.clients} concurrent conversations: {len(concurrent) / elapsed:.1f} turns/s, "
              f"latency median {statistics.median(concurrent):.1f} ms, p95 {concurrent[int(0.95 * len(concurrent)) - 1]:.1f} ms")
        rasa, actions = servers.processes[1], servers.processes[0]
        print(f"resident memory: rasa server {rss_mb(rasa.pid):.0f} MB, action server {rss_mb(actions.pid):.0f} MB")
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
