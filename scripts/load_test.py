"""Load test: many concurrent Chinese conversations against two replicas, then every event checked.

Starts the production profile (`make run-prod`: two Rasa replicas with their action servers, nginx, PostgreSQL,
the Redis lock store) on a fresh PostgreSQL database, and runs locust (loadtest/locustfile.py, from .venv-tools)
headless against nginx, sent only to 127.0.0.1: N people each holding conversations from realistic scripts,
the repayment form included, reading each answer before typing the next message (think time, seconds).

It prints throughput, p50/p95/p99 turn latency and the error rate, then stops the profile and checks the
tracker store conversation by conversation: every message a person sent is stored once, in order, and the bot
events after it are the replies that person received, nothing lost, nothing duplicated. Exit status 1 when a
turn failed with a 5xx or an event was lost, duplicated or out of order.

    python -m scripts.load_test [--users 32] [--seconds 300] [--think 1,3] [--keep-database]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bot import local_servers, modelstore
from bot.prod import READY
from bot.settings import PROJECT_ROOT

POSTGRES = os.environ.get("ZHAIDA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
LOCUST = PROJECT_ROOT / ".venv-tools" / "bin" / "locust"
LOCUSTFILE = PROJECT_ROOT / "loadtest" / "locustfile.py"


@dataclass
class Check:
    conversations: int = 0
    turns: int = 0
    failed_turns: int = 0
    server_errors: int = 0
    lost: int = 0
    duplicated: int = 0
    mismatched: int = 0
    stored_events: int = 0
    database_bytes: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.server_errors or self.lost or self.duplicated or self.mismatched)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


def stored_turns(connection: sa.engine.Connection, conversation: str) -> list[tuple[str, list[str]]]:
    """The conversation as stored: each user message with the texts of the bot events that followed it."""
    rows = connection.execute(
        sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": conversation}
    )
    turns: list[tuple[str, list[str]]] = []
    for kind, data in rows:
        event = json.loads(data)
        if kind == "user":
            turns.append((event.get("text") or "", []))
        elif kind == "bot" and turns and event.get("text"):
            turns[-1][1].append(event["text"])
    return turns


def server_pids(var: Path) -> list[int]:
    """The Rasa and action-server processes of every replica."""
    return [int(p.read_text()) for p in sorted(var.glob("prod/replica-*/run/*.pid"))]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def resident_mb(pids: list[int]) -> list[float]:
    from scripts.bench_turn import rss_mb

    return [rss_mb(pid) for pid in pids]


def check(log: Path, database: str) -> Check:
    """Compares what each locust conversation sent and received with what the tracker store holds."""
    result = Check()
    engine = sa.create_engine(database)
    with engine.connect() as connection:
        for line in log.read_text(encoding="utf-8").splitlines():
            conversation = json.loads(line)
            result.conversations += 1
            result.turns += len(conversation["turns"])
            result.failed_turns += sum(t["status"] != 200 for t in conversation["turns"])
            result.server_errors += sum(t["status"] >= 500 for t in conversation["turns"])
            if conversation["token"] is None:
                continue  # its first turn failed: no conversation was issued to the person
            sent = conversation["turns"]
            stored = stored_turns(connection, conversation["token"].split(".", 1)[0])
            name = conversation["token"][:12]
            if any(t["status"] != 200 for t in sent):
                # A failed turn may or may not have been stored; the answered ones must still all be there once.
                answered = [t["sent"] for t in sent if t["status"] == 200]
                texts = [text for text, _ in stored]
                if any(texts.count(m) < answered.count(m) for m in set(answered)):
                    result.lost += 1
                    result.problems.append(f"{name}: an answered message is missing")
                continue
            if len(stored) > len(sent):
                result.duplicated += len(stored) - len(sent)
                result.problems.append(f"{name}: {len(stored)} stored messages for {len(sent)} sent")
            elif len(stored) < len(sent):
                result.lost += len(sent) - len(stored)
                result.problems.append(f"{name}: {len(stored)} stored messages for {len(sent)} sent")
            for turn, (text, replies) in zip(sent, stored, strict=False):
                if turn["sent"] != text or turn["replies"] != replies:
                    result.mismatched += 1
                    result.problems.append(
                        f"{name}: sent {turn['sent']!r} → {turn['replies']!r}; stored {text!r} → {replies!r}"
                    )
        # For the capacity model: rows the tracker store writes per turn, and the database's size.
        result.stored_events = connection.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
        if connection.dialect.name == "postgresql":
            size = sa.text("SELECT pg_database_size(current_database())")
            result.database_bytes = connection.execute(size).scalar_one()
    engine.dispose()
    return result


def kill_later(var: Path, after: float) -> threading.Timer:
    """SIGKILLs replica 1's Rasa server `after` seconds into the run (its launcher starts a new one)."""

    def kill() -> None:
        pid = int((var / "prod" / "replica-1" / "run" / "rasa.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        print(f"load: killed replica 1's Rasa server (pid {pid}) {after:.0f} s into the run", flush=True)

    timer = threading.Timer(after, kill)
    timer.start()
    return timer


def run(
    users: int, seconds: int, think: str, keep_database: bool, kill_after: float | None = None
) -> tuple[dict, Check]:
    name = f"zhaida_load_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    database = POSTGRES.rsplit("/", 1)[0] + "/" + name
    with tempfile.TemporaryDirectory(prefix="zhaida-load-") as var:
        port = local_servers.free_port()
        env = {
            **os.environ,
            "ZHAIDA_VAR_DIR": var,
            "ZHAIDA_DATABASE_URL": database,
            "ZHAIDA_REDIS_URL": os.environ.get("ZHAIDA_LOAD_REDIS_URL", "redis://127.0.0.1:6379/8"),
            "ZHAIDA_PROD_PORT": str(port),
            "ZHAIDA_RATE_LIMIT": "100000/60",  # one test machine speaks for all the people
        }
        log = Path(var) / "prod.log"
        conversations = Path(var) / "conversations.jsonl"
        with open(log, "wb") as out:
            command = [sys.executable, "-m", "bot.prod"]
            prod = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + 300
            while READY not in log.read_bytes():
                if prod.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(errors="replace")[-3000:]
                    raise SystemExit(f"the production profile did not start:\n{tail}")
                time.sleep(0.5)
            print(f"load: {users} people for {seconds} s against {re.search(r'Replicas:.*', log.read_text()).group(0)}")
            pids = server_pids(Path(var))
            cpu_before = cpu_seconds(pids)
            killer = kill_later(Path(var), kill_after) if kill_after else None
            started = time.monotonic()
            subprocess.run(
                [
                    str(LOCUST),
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(1, users // 4)),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "60",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=var,
                env={**env, "ZHAIDA_LOAD_LOG": str(conversations), "ZHAIDA_LOAD_THINK": think},
                check=True,
                stdout=subprocess.DEVNULL,
            )
            wall = time.monotonic() - started
            if killer:
                killer.join()
            cpu = cpu_seconds(pids) - cpu_before
            memory = resident_mb(pids)
        finally:
            prod.send_signal(signal.SIGINT)
            prod.wait(timeout=120)
        turns = [t for line in conversations.read_text().splitlines() for t in json.loads(line)["turns"]]
        latencies = [t["seconds"] for t in turns if t["status"] == 200]
        figures = {
            "turns": len(turns),
            "turns_per_second": len(turns) / wall,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "median_ms": statistics.median(latencies) * 1000,
            "error_rate": sum(t["status"] != 200 for t in turns) / len(turns),
            # For the capacity model: server CPU per turn (both replicas, Rasa + actions), memory per process.
            "cpu_ms_per_turn": cpu * 1000 / max(1, len(turns)),
            "rss_mb": memory,
        }
        result = check(conversations, database)
    if not keep_database:
        with admin.connect() as c:
            c.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
    return figures, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32, help="concurrent conversations")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--think", default="1,3", help="seconds a person takes to read and type: min,max")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--kill-replica-after", type=float, help="SIGKILL replica 1's Rasa server after this many s")
    args = parser.parse_args(argv)
    if modelstore.current_model() is None or not LOCUST.exists() or not Path("/usr/sbin/nginx").exists():
        print("load: needs a model (make model), .venv-tools (make tools) and nginx (make nginx)", file=sys.stderr)
        return 1
    figures, result = run(args.users, args.seconds, args.think, args.keep_database, args.kill_replica_after)
    print(
        f"load: {figures['turns']} turns in {result.conversations} conversations, "
        f"{figures['turns_per_second']:.1f} turns/s; latency p50 {figures['p50_ms']:.0f} ms, "
        f"p95 {figures['p95_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms; errors {figures['error_rate']:.2%} "
        f"({result.failed_turns} failed turns, {result.server_errors} 5xx)"
    )
    print(
        f"check: {result.conversations} conversations in the tracker store: {result.lost} lost, "
        f"{result.duplicated} duplicated, {result.mismatched} turns differing from what the person received"
    )
    if args.kill_replica_after is None:  # a killed process takes its CPU time and memory with it
        print(
            f"servers: {figures['cpu_ms_per_turn']:.1f} ms of CPU per turn (Rasa + action server), so about "
            f"{1000 / max(figures['cpu_ms_per_turn'], 0.001):.0f} turns/s per core; resident memory per process "
            + ", ".join(f"{mb:.0f} MB" for mb in figures["rss_mb"])
        )
    print(
        f"store: {result.stored_events / max(1, figures['turns']):.1f} event rows per turn; database "
        f"{result.database_bytes / 1e6:.1f} MB after {result.conversations} conversations"
    )
    for problem in result.problems[:20]:
        print("  " + problem)
    return 0 if result.clean else 1


if __name__ == "__main__":
    sys.exit(main())
