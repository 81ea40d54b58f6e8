"""Starts the action server and the Rasa server together, and stops both on Ctrl-C.

    python -m bot.launcher            # servers + chat page
    python -m bot.launcher --shell    # chat in this terminal instead
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot import db, modelstore, settings

ROOT = settings.PROJECT_ROOT
STARTUP_SECONDS = 240


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def server_env(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The environment both servers need (endpoints.yml reads these)."""
    env = dict(os.environ)
    env.setdefault("ZHAIDA_RASA_PORT", str(settings.rasa_port()))
    env.setdefault("ZHAIDA_ACTIONS_PORT", str(settings.actions_port()))
    env.setdefault("ZHAIDA_DATABASE_URL", settings.database_url())
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(overrides or {})
    return env


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Servers:
    """The two server processes, started in their own process groups."""

    model: Path
    env: dict[str, str]
    log_dir: Path | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.env['ZHAIDA_RASA_PORT']}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.env['ZHAIDA_ACTIONS_PORT']}"

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_actions(self) -> None:
        actions_port = self.env["ZHAIDA_ACTIONS_PORT"]
        self._spawn("actions", [_bin("rasa"), "run", "actions", "--actions", "actions", "--port", actions_port])

    def start(self) -> None:
        self.start_actions()
        command = [
            _bin("rasa"), "run", "--model", str(self.model), "--port", self.env["ZHAIDA_RASA_PORT"],
            "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
        ]
        if self.env.get("ZHAIDA_API_TOKEN"):
            command += ["--enable-api", "--auth-token", self.env["ZHAIDA_API_TOKEN"]]
        self._spawn("rasa", command)
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        pending = {f"{self.actions_url}/health", f"{self.rasa_url}/webhooks/rest/"}
        while pending:
            for process in self.processes:
                if process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"a server exited during start-up (code {process.returncode}): {process.args[:3]}")
            pending = {url for url in pending if not _ready(url)}
            if pending and time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"servers not ready after {STARTUP_SECONDS} s: {sorted(pending)}")
            if pending:
                time.sleep(1)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def load_kb(url: str, directory: Path = ROOT / "data" / "kb") -> bool:
    """Stores data/kb/ if it changed; with bad content the last good KB keeps serving."""
    from bot.kb import content, store

    try:
        loaded = content.load(directory)
    except content.ContentError as error:
        print("kb: data/kb/ has problems; not loaded:\n  " + "\n  ".join(error.problems), file=sys.stderr)
        if store.current_version(url) is None:
            print("kb: and no earlier knowledge base is stored, so 债答 cannot answer. Fix the files above.",
                  file=sys.stderr)
            return False
        print("kb: keeping the knowledge base stored earlier.", file=sys.stderr)
        return True
    store.sync(loaded, url)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shell", action="store_true", help="chat in the terminal")
    args = parser.parse_args(argv)

    model = modelstore.current_model()
    if model is None:
        print("No model matches the current sources: run `make model` (make run does this for you).", file=sys.stderr)
        return 1
    env = server_env()
    os.environ.update(env)
    db.create_schema(env["ZHAIDA_DATABASE_URL"])
    if not load_kb(env["ZHAIDA_DATABASE_URL"]):
        return 1

    if args.shell:
        actions = Servers(model, env, log_dir=ROOT / "var" / "logs")
        actions.start_actions()
        try:
            return subprocess.call(
                [_bin("rasa"), "shell", "--model", str(model), "--endpoints", "endpoints.yml"], cwd=ROOT, env=env
            )
        finally:
            actions.stop()

    servers = Servers(model, env)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            print("\n正在停止债答 … stopping both servers", flush=True)
            servers.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"Starting 债答 with {model.name} …", flush=True)
    servers.start()
    print(
        f"\n债答 is ready.\n  Chat page:   {servers.rasa_url}/webhooks/chat/\n"
        f"  REST:        POST {servers.rasa_url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"你好\"}}\n"
        f"  Press Ctrl-C to stop.\n",
        flush=True,
    )
    while True:
        for process in servers.processes:
            if process.poll() is not None:
                print(f"A server stopped unexpectedly (code {process.returncode}); stopping the other.", file=sys.stderr)
                servers.stop()
                return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
