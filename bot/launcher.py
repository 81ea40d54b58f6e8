"""Starts the action server and the Rasa server together, and stops both on Ctrl-C.

python -m bot.launcher            # servers + chat page
python -m bot.launcher --shell    # chat in this terminal instead
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot import db, modelstore, runtime_endpoints, settings
from bot import wording as w
from bot.kb import loader

ROOT = settings.PROJECT_ROOT
STARTUP_SECONDS = 240
# A server that dies is restarted after 1, 2, 4 … seconds, at most MAX_BACKOFF; the delay starts
# again from 1 s once a server has stayed up for STABLE_SECONDS.
MAX_BACKOFF = 30
STABLE_SECONDS = 60


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
    # The Rasa server proves itself to the action server with this; a fresh one per run unless set.
    env.setdefault("ZHAIDA_ACTIONS_TOKEN", secrets.token_urlsafe(32))
    env.update(overrides or {})
    return env


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Supervised:
    """One server process, and what is needed to start it again."""

    name: str
    command: list[str]
    process: subprocess.Popen
    started: float
    failures: int = 0
    restart_at: float | None = None


@dataclass
class Servers:
    """The two server processes, started in their own process groups, restarted when they die."""

    model: Path
    env: dict[str, str]
    log_dir: Path | None = None
    servers: dict[str, Supervised] = field(default_factory=dict)

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [s.process for s in self.servers.values()]

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.env['ZHAIDA_RASA_PORT']}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.env['ZHAIDA_ACTIONS_PORT']}"

    @property
    def pid_dir(self) -> Path:
        return Path(self.env.get("ZHAIDA_VAR_DIR", settings.VAR_DIR)) / "run"

    def _popen(self, name: str, command: list[str]) -> subprocess.Popen:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self.pid_dir.mkdir(parents=True, exist_ok=True)
        (self.pid_dir / f"{name}.pid").write_text(str(process.pid))
        return process

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        process = self._popen(name, command)
        self.servers[name] = Supervised(name, command, process, time.monotonic())
        return process

    def start_actions(self) -> None:
        self._spawn("actions", [sys.executable, "-m", "bot.action_server", "--port", self.env["ZHAIDA_ACTIONS_PORT"]])

    def start(self) -> None:
        self.start_actions()
        command = [
            _bin("rasa"),
            "run",
            "--model",
            str(self.model),
            "--port",
            self.env["ZHAIDA_RASA_PORT"],
            "--credentials",
            "credentials.yml",
            "--endpoints",
            str(runtime_endpoints.endpoints_file(Path("endpoints.yml"), self.pid_dir, self.env)),
        ]
        # The token itself stays in the environment (bot/rasa_hardening.py), never on this command line.
        if self.env.get("ZHAIDA_API_TOKEN"):
            command.append("--enable-api")
        self._spawn("rasa", command)
        self.wait_until_ready()

    def supervise(self) -> None:
        """One look at every server: a dead one is restarted after its backoff, and the log says so."""
        now = time.monotonic()
        for server in self.servers.values():
            code = server.process.poll()
            if code is None:
                if now - server.started >= STABLE_SECONDS:
                    server.failures = 0
                continue
            if server.restart_at is None:
                delay = min(MAX_BACKOFF, 2**server.failures)
                server.failures += 1
                server.restart_at = now + delay
                print(
                    f"launcher: the {server.name} server exited (code {code}); restarting it in {delay} s",
                    file=sys.stderr,
                    flush=True,
                )
            elif now >= server.restart_at:
                server.process = self._popen(server.name, server.command)
                server.started, server.restart_at = now, None
                print(
                    f"launcher: the {server.name} server restarted (pid {server.process.pid}, "
                    f"restart {server.failures})",
                    file=sys.stderr,
                    flush=True,
                )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        pending = {f"{self.actions_url}/health", f"{self.rasa_url}/webhooks/rest/"}
        while pending:
            for server in self.servers.values():
                if server.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(
                        f"a server exited during start-up (code {server.process.returncode}): {server.command[:3]}"
                    )
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
        self.servers.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shell", action="store_true", help="chat in the terminal")
    args = parser.parse_args(argv)

    # ZHAIDA_MODEL runs a given model (to compare code on one model); else the one the sources name.
    model = Path(os.environ["ZHAIDA_MODEL"]) if os.environ.get("ZHAIDA_MODEL") else modelstore.current_model()
    if model is None or not model.exists():
        print("No model matches the current sources: run `make model` (make run does this for you).", file=sys.stderr)
        return 1
    env = server_env()
    os.environ.update(env)
    db.create_schema(env["ZHAIDA_DATABASE_URL"])
    kb = loader.load(env["ZHAIDA_DATABASE_URL"])  # the same policy as `make kb`: bad content keeps the last good KB
    print(kb.report(), file=sys.stdout if kb.loaded else sys.stderr, flush=True)
    if not kb.serving:
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
            print("\n" + w.LAUNCHER_STOPPING, flush=True)
            servers.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"Starting 债答 with {model.name} …", flush=True)
    servers.start()
    print(
        f"\n债答 is ready.\n  Chat page:   {servers.rasa_url}/webhooks/chat/\n"
        f'  Widget:      <script src="{servers.rasa_url}/webhooks/chat/widget.js" defer></script>\n'
        f'  REST:        POST {servers.rasa_url}/webhooks/rest/webhook  {{"sender": "me", "message": "你好"}}\n'
        f"  Press Ctrl-C to stop.\n",
        flush=True,
    )
    while True:
        servers.supervise()
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
