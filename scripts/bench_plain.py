"""债答 against a plain Rasa server on the same machine, in one run: what our serving and training cost.

The plain server is the project `rasa init --no-prompt` creates (the English moodbot, Rasa's default
configuration: no custom actions, in-memory tracker store), trained by `rasa init` itself in a temporary
directory and started with `rasa run --enable-api`. Ours is started as `make run` starts it
(bot/local_servers.py: the launcher, both servers, a private SQLite database) on the model the sources
name (or ZHAIDA_MODEL), with ZHAIDA_API_TOKEN set so that its HTTP API answers. Then, one server idle while
the other works:

- REST turns: N sequential turns through POST /webhooks/rest/webhook (median, p95, turns/s), in blocks
  of 20 alternating between the two servers, then --rounds bursts of N turns from --conversations new
  concurrent conversations, the bots alternating (turns/s: the median burst; each burst's ratio
  printed). Each bot gets messages of its own domain: ours the Chinese questions of
  scripts/bench_turn.py, the moodbot English ones ("hi", "I am sad", "yes" …), so the ratio is about
  serving cost, not about the same work;
- NLU parse: N calls of POST /model/parse with the same Chinese sentences on both models (and, for
  reference, the moodbot on its English messages), alternating in blocks;
- resident memory of each server process (with its children) after the warm-up;
- training from scratch (unless --skip-training): ours as scripts/bench_training.py does it (the working
  tree exported to a temporary directory, `rasa train --force`, no component cache), the moodbot with the
  same command in its own directory, in the same run. `rasa init`'s own time (creating and training the
  moodbot) is printed in every run.

Prints a table, figure | 债答 | plain Rasa | ratio (债答 / plain). A benchmark: it prints numbers.

    python -m scripts.bench_plain [--turns 200] [--conversations 8] [--rounds 5] [--skip-training]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from bot import local_servers, modelstore
from scripts.bench_training import count_examples, export_working_tree, train
from scripts.bench_turn import QUESTIONS, Conversations, rss_mb

# Moodbot messages, in the order of its stories (greet, unhappy, affirm …).
PLAIN_MESSAGES = [
    "hi",
    "I am sad",
    "yes",
    "are you a bot?",
    "hello there",
    "I am feeling great",
    "good morning",
    "bye",
]
BLOCK = 20  # sequential turns (and parses) per block before switching servers
SEQUENTIAL_CONVERSATIONS = 20
START_SECONDS = 300
RASA = str(Path(sys.executable).with_name("rasa"))


def rasa_env() -> dict[str, str]:
    # No component cache for anything trained here (as scripts/bench_training.py), no telemetry.
    return dict(os.environ, RASA_TELEMETRY_ENABLED="false", RASA_MAX_CACHE_SIZE="0", TF_CPP_MIN_LOG_LEVEL="2")


def run_logged(command: list[str], cwd: Path, log: Path) -> float:
    """Runs a command with its output in `log`; returns its wall time, or raises with the log's tail."""
    started = time.monotonic()
    with open(log, "ab") as out:
        code = subprocess.run(command, cwd=cwd, env=rasa_env(), stdout=out, stderr=subprocess.STDOUT).returncode
    if code:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command[:3])} exited with {code}:\n{tail}")
    return time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(q * len(ordered)) - 1)]


@dataclass
class PlainServer:
    """`rasa run --enable-api` on the moodbot, in its own process group."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_plain(project: Path, model: Path) -> PlainServer:
    port = local_servers.free_port()
    log = project / "rasa-run.log"
    command = [RASA, "run", "--enable-api", "-p", str(port), "-m", str(model)]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=project, env=rasa_env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = PlainServer(process, port, log)
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"plain rasa run exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{server.base}/webhooks/rest/", timeout=2).status_code == 200:
                return server
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"plain rasa run not ready after {START_SECONDS} s:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


class PlainConversations:
    """The same interface as bench_turn.Conversations; plain Rasa takes the sender as the conversation id."""

    def __init__(self, url: str):
        self.url = url

    def post(self, http: requests.Session, name: str, message: str) -> requests.Response:
        return http.post(self.url, json={"sender": name, "message": message}, timeout=60)


@dataclass
class Side:
    """One bot under test: how to talk to it, and with what."""

    name: str
    talk: Conversations | PlainConversations
    messages: list[str]
    parse_url: str
    parse_headers: dict[str, str]
    turns: dict[str, int]  # turns sent per conversation name, so that each follows its message list
    empty: int = 0  # replies with no message in them (the moodbot may answer a turn with silence)

    def turn(self, http: requests.Session, conversation: str) -> float:
        n = self.turns.get(conversation, 0)
        self.turns[conversation] = n + 1
        started = time.perf_counter()
        reply = self.talk.post(http, conversation, self.messages[n % len(self.messages)])
        elapsed = (time.perf_counter() - started) * 1000
        if reply.status_code != 200 or not isinstance(reply.json(), list) or "知识库暂时不可用" in reply.text:
            raise RuntimeError(f"{self.name}: bad reply {reply.status_code}: {reply.text[:300]}")
        self.empty += not reply.json()
        return elapsed

    def parse(self, http: requests.Session, text: str) -> float:
        started = time.perf_counter()
        reply = http.post(self.parse_url, json={"text": text}, headers=self.parse_headers, timeout=60)
        elapsed = (time.perf_counter() - started) * 1000
        if reply.status_code != 200 or "intent" not in reply.json():
            raise RuntimeError(f"{self.name}: /model/parse answered {reply.status_code}: {reply.text[:300]}")
        return elapsed


def alternate(jobs: list[Callable[[int], float]], count: int) -> list[tuple[list[float], float]]:
    """Runs each job `count` times, BLOCK at a time, job after job; per job: each call's ms and the wall time."""
    results: list[tuple[list[float], float]] = [([], 0.0) for _ in jobs]
    for start in range(0, count, BLOCK):
        for k, job in enumerate(jobs):
            began = time.perf_counter()
            times = [job(i) for i in range(start, min(count, start + BLOCK))]
            results[k] = (results[k][0] + times, results[k][1] + time.perf_counter() - began)
    return results


def concurrent(side: Side, conversations: int, turns: int, label: str = "conc") -> tuple[float, list[float]]:
    """Turns per second and each turn's ms, `turns` in all from `conversations` new conversations at once."""

    def client(k: int) -> list[float]:
        http = requests.Session()
        return [side.turn(http, f"{label}-{k}") for _ in range(turns // conversations)]

    began = time.perf_counter()
    with ThreadPoolExecutor(conversations) as pool:
        times = [t for ts in pool.map(client, range(conversations)) for t in ts]
    return len(times) / (time.perf_counter() - began), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200, help="sequential turns (and parses) per bot")
    parser.add_argument("--conversations", type=int, default=8, help="concurrent conversations")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of concurrent turns (median)")
    parser.add_argument("--skip-training", action="store_true", help="do not time training from scratch")
    args = parser.parse_args()
    ours_model = Path(os.environ["ZHAIDA_MODEL"]) if os.environ.get("ZHAIDA_MODEL") else modelstore.current_model()
    if ours_model is None or not ours_model.exists():
        print("no trained model matches the sources: run `make model`", file=sys.stderr)
        return 1
    load_before = os.getloadavg()[0]
    # A SIGTERM ends the run through the finally blocks below, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    rows: list[tuple[str, float | None, float | None, str]] = []  # figure, ours, plain, format
    notes: list[str] = []
    with contextlib.ExitStack() as cleanup:
        tmp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="zhaida-bench-plain-")))
        plain_dir = tmp / "plain"
        plain_dir.mkdir()
        print("rasa init --no-prompt (creates and trains the moodbot) …", flush=True)
        init_seconds = run_logged([RASA, "init", "--no-prompt", "--init-dir", str(plain_dir)], tmp, tmp / "init.log")
        plain_model = max((plain_dir / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        models = {
            "债答": f"{ours_model.name}, {ours_model.stat().st_size / 1e6:.1f} MB",
            "plain": f"`rasa init` moodbot, default config, {plain_model.stat().st_size / 1e6:.1f} MB",
        }

        if not args.skip_training:
            ours_root = tmp / "ours"
            ours_root.mkdir()
            export_working_tree(ours_root)
            print("training from scratch: 债答 (several minutes on 2 cores) …", flush=True)
            ours_train = train(ours_root)
            print(f"  债答 {ours_train:.0f} s; the moodbot …", flush=True)
            plain_train = run_logged(
                [RASA, "train", "--force", "--out", str(plain_dir / "models-bench")], plain_dir, tmp / "train.log"
            )
            print(f"  moodbot {plain_train:.0f} s", flush=True)
            from rasa.shared.nlu.training_data.loading import load_data

            rows.append(("training from scratch (s)", ours_train, plain_train, ".0f"))
            rows.append(
                (
                    "  NLU examples trained on",
                    count_examples(ours_root),
                    len(load_data(str(plain_dir / "data" / "nlu.yml")).intent_examples),
                    ".0f",
                )
            )
            notes.append(
                "training: `rasa train --force`, RASA_MAX_CACHE_SIZE=0, each in a fresh directory, one after the "
                "other, no server running"
            )
        notes.append(f"`rasa init --no-prompt` (creates and trains the moodbot): {init_seconds:.0f} s")

        print("starting 债答 (launcher: action server + Rasa server) …", flush=True)
        token = secrets.token_urlsafe(24)
        began = time.monotonic()
        try:
            ours = local_servers.start(
                tmp / "var",
                env={
                    "ZHAIDA_API_TOKEN": token,
                    "ZHAIDA_MODEL": str(ours_model),
                    # The limiter still counts every message; it must not answer "wait a minute" instead.
                    "ZHAIDA_RATE_LIMIT": "1000000/60",
                },
            )
        except local_servers.StartError as error:
            print(error, file=sys.stderr)
            return 1
        cleanup.callback(ours.stop)
        ours_start = time.monotonic() - began
        print("starting the plain Rasa server …", flush=True)
        began = time.monotonic()
        plain = start_plain(plain_dir, plain_model)
        cleanup.callback(plain.stop)
        plain_start = time.monotonic() - began

        sides = [
            Side(
                "债答",
                Conversations(f"{ours.base}/webhooks/rest/webhook"),
                QUESTIONS,
                f"{ours.base}/model/parse",
                {"Authorization": f"Bearer {token}"},
                {},
            ),
            Side(
                "plain",
                PlainConversations(f"{plain.base}/webhooks/rest/webhook"),
                PLAIN_MESSAGES,
                f"{plain.base}/model/parse",
                {},
                {},
            ),
        ]
        sessions = [requests.Session(), requests.Session()]
        print("warm-up …", flush=True)
        for side, http in zip(sides, sessions, strict=True):
            for i in range(10):
                side.turn(http, "warm")
                side.parse(http, QUESTIONS[i % len(QUESTIONS)])
                side.parse(http, side.messages[i % len(side.messages)])
        memory = {
            "Rasa server": (rss_mb(ours.pid("rasa")), rss_mb(plain.process.pid)),
            "action server": (rss_mb(ours.pid("actions")), None),
        }

        print(f"{args.turns} sequential turns each, alternating in blocks of {BLOCK} …", flush=True)
        (ours_seq, ours_wall), (plain_seq, plain_wall) = alternate(
            [
                lambda i, s=s, h=h: s.turn(h, f"bench-{i % SEQUENTIAL_CONVERSATIONS}")
                for s, h in zip(sides, sessions, strict=True)
            ],
            args.turns,
        )
        print(
            f"{args.rounds} rounds of {args.turns} turns from {args.conversations} concurrent conversations each, "
            "the two bots alternating …",
            flush=True,
        )
        # A burst of a few seconds is at the mercy of the machine's other work: several, alternating (and
        # which goes first alternating too), each on new conversations, and the medians compared.
        rates: list[list[float]] = [[], []]
        ours_conc, plain_conc = [], []
        for r in range(args.rounds):
            for k in (0, 1) if r % 2 == 0 else (1, 0):
                rate, times = concurrent(sides[k], args.conversations, args.turns, f"conc{r}")
                rates[k].append(rate)
                (ours_conc if k == 0 else plain_conc).extend(times)
        ours_rate, plain_rate = statistics.median(rates[0]), statistics.median(rates[1])
        notes.append(
            f"{args.conversations} conversations at once, turns/s per round: 债答 "
            + ", ".join(f"{x:.1f}" for x in rates[0])
            + "; plain "
            + ", ".join(f"{x:.1f}" for x in rates[1])
            + "; ratio per round "
            + ", ".join(f"{a / b:.2f}×" for a, b in zip(rates[0], rates[1], strict=True))
        )
        print(f"{args.turns} NLU parses each …", flush=True)
        (ours_parse, _), (plain_parse, _), (plain_parse_en, _) = alternate(
            [
                lambda i: sides[0].parse(sessions[0], QUESTIONS[i % len(QUESTIONS)]),
                lambda i: sides[1].parse(sessions[1], QUESTIONS[i % len(QUESTIONS)]),
                lambda i: sides[1].parse(sessions[1], PLAIN_MESSAGES[i % len(PLAIN_MESSAGES)]),
            ],
            args.turns,
        )

    # Every process is stopped and every temporary directory removed here (the ExitStack above).
    notes.append(
        f"replies with no message: 债答 {sides[0].empty}, plain {sides[1].empty} (of all turns, warm-up included)"
    )
    notes.append(f"load average (1 min) before the run, from other work on the machine: {load_before:.2f}")
    table: list[tuple[str, float | None, float | None, str]] = [
        ("start-up to ready (s)", ours_start, plain_start, ".1f"),
        ("REST turn, sequential: median (ms)", statistics.median(ours_seq), statistics.median(plain_seq), ".1f"),
        ("REST turn, sequential: p95 (ms)", percentile(ours_seq, 0.95), percentile(plain_seq, 0.95), ".1f"),
        ("sequential throughput (turns/s)", len(ours_seq) / ours_wall, len(plain_seq) / plain_wall, ".1f"),
        (f"{args.conversations} conversations at once (turns/s, median of rounds)", ours_rate, plain_rate, ".1f"),
        (
            f"{args.conversations} conversations at once: median (ms)",
            statistics.median(ours_conc),
            statistics.median(plain_conc),
            ".1f",
        ),
        (
            "NLU /model/parse, same Chinese: median (ms)",
            statistics.median(ours_parse),
            statistics.median(plain_parse),
            ".1f",
        ),
        (
            "NLU /model/parse, same Chinese: p95 (ms)",
            percentile(ours_parse, 0.95),
            percentile(plain_parse, 0.95),
            ".1f",
        ),
        (
            "NLU /model/parse, own-language: median (ms)",
            statistics.median(ours_parse),
            statistics.median(plain_parse_en),
            ".1f",
        ),
        ("resident memory, Rasa server (MB)", *memory["Rasa server"], ".0f"),
        ("resident memory, action server (MB)", *memory["action server"], ".0f"),
        ("resident memory, all servers (MB)", sum(m[0] for m in memory.values()), memory["Rasa server"][1], ".0f"),
        *rows,
    ]
    print_table(table, models)
    for note in notes:
        print(f"  {note}")
    return 0


def width(text: str) -> int:
    """Columns a string takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def print_table(table: list[tuple[str, float | None, float | None, str]], models: dict[str, str]) -> None:
    print()
    print(f"债答 ({models['债答']}) against plain Rasa ({models['plain']}), {os.cpu_count()} cores")
    print(
        "  REST turns: each bot its own domain's messages (债答 Chinese debt questions, the moodbot English "
        "small talk), so the ratio is about serving cost, not the same work. 债答: SQLite tracker store, "
        "action server, KB; plain: in-memory tracker store, no action server."
    )
    first = max(width(row[0]) for row in table)
    print()
    print(f"{pad('figure', first)}  {pad('债答', 8, True)}  {'plain Rasa':>10}  {'ratio':>7}")
    print(f"{'-' * first}  {'-' * 8}  {'-' * 10}  {'-' * 7}")
    for figure, ours, plain, fmt in table:
        ratio = f"{ours / plain:.2f}×" if ours is not None and plain else "—"
        ours_text = format(ours, fmt) if ours is not None else "—"
        plain_text = format(plain, fmt) if plain is not None else "none"
        print(f"{pad(figure, first)}  {ours_text:>8}  {plain_text:>10}  {ratio:>7}")
    print()
    print("  ratio = 债答 / plain: for ms, s and MB above 1 means 债答 costs more; for turns/s, below 1 means slower")


if __name__ == "__main__":
    sys.exit(main())
