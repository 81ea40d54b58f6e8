"""Both servers exactly as `make run` starts them, in a private directory: for tests, benchmarks and audits.

`python -m bot.launcher` runs in a subprocess with free ports, its own var directory and SQLite
database (or the database given), and is stopped with SIGINT as a person stops it with Ctrl-C. What
the tests exercise and what the benchmarks measure is therefore the launcher itself.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

READY = b"is ready"
START_SECONDS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class StartError(RuntimeError):
    """The launcher exited or did not get ready; the message ends with its log."""


@dataclass
class LocalServers:
    launcher: subprocess.Popen
    env: dict[str, str]
    var: Path

    @property
    def rasa_port(self) -> int:
        return int(self.env["ZHAIDA_RASA_PORT"])

    @property
    def actions_port(self) -> int:
        return int(self.env["ZHAIDA_ACTIONS_PORT"])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def database_url(self) -> str:
        return self.env["ZHAIDA_DATABASE_URL"]

    @property
    def log(self) -> Path:
        return self.var / "launcher.log"

    def pid(self, server: str) -> int:
        """The pid of "rasa" or "actions" now (the launcher rewrites it when it restarts one)."""
        return int((self.var / "run" / f"{server}.pid").read_text())

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def stop(self, timeout: float = 60) -> int:
        """Ctrl-C, as a person stops `make run`; returns the launcher's exit code."""
        if self.launcher.poll() is None:
            self.launcher.send_signal(signal.SIGINT)
        try:
            return self.launcher.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.launcher.kill()
            return self.launcher.wait()


def start(
    var: Path, env: dict[str, str] | None = None, timeout: float = START_SECONDS, root: Path = PROJECT_ROOT
) -> LocalServers:
    """Starts the launcher with `env` over the current environment; returns once both servers answer.

    root: the checkout whose code runs (another worktree, to record replies before a change).
    """
    var.mkdir(parents=True, exist_ok=True)
    full = dict(os.environ)
    full.update(
        ZHAIDA_RASA_PORT=str(free_port()),
        ZHAIDA_ACTIONS_PORT=str(free_port()),
        ZHAIDA_VAR_DIR=str(var),
        ZHAIDA_DATABASE_URL=f"sqlite:///{var / 'zhaida.db'}",
    )
    full.update(env or {})
    with open(var / "launcher.log", "wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "bot.launcher"], cwd=root, env=full, stdout=log, stderr=subprocess.STDOUT
        )
    servers = LocalServers(launcher, full, var)
    deadline = time.monotonic() + timeout
    while READY not in servers.log.read_bytes():
        if launcher.poll() is not None:
            raise StartError(f"launcher exited with {launcher.returncode}:\n{servers.log_tail()}")
        if time.monotonic() > deadline:
            servers.stop()
            raise StartError(f"servers did not start in {timeout:.0f} s:\n{servers.log_tail()}")
        time.sleep(1)
    return servers
