"""Faults in the services a replica depends on, each on a private instance so the machine's own are untouched:
Redis stops (turns fail cleanly, then recover), PostgreSQL restarts (the bot recovers by itself)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from bot import local_servers
from bot import wording as w

pytestmark = pytest.mark.server
REDIS_SERVER = shutil.which("redis-server")
PG_BIN = (
    next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if Path("/usr/lib/postgresql").exists()
    else None
)


def wait_port(port: int, up: bool, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while local_servers.port_open(port) != up:
        assert time.monotonic() < deadline, f"port {port} still {'closed' if up else 'open'}"
        time.sleep(0.1)


class PrivateRedis:
    def __init__(self, port: int):
        self.port, self.process = port, None

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            wait_port(self.port, False)


def say(base: str, token: str | None, text: str) -> tuple[int, str, str]:
    reply = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": token, "message": text}, timeout=120)
    said = " ".join(r.get("text") or "" for r in reply.json())
    return reply.status_code, said, reply.headers.get("X-Zhaida-Session", "")


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
def test_a_stopped_redis_fails_turns_cleanly_and_they_recover_when_it_returns(tmp_path, model_path):
    redis = PrivateRedis(local_servers.free_port())
    redis.start()
    servers = local_servers.start(tmp_path / "var", {"ZHAIDA_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0"})
    try:
        status, said, token = say(servers.base, None, "借呗逾期了会怎样")
        assert status == 200 and "逾期" in said
        redis.stop()
        status, said, _ = say(servers.base, token, "会影响征信吗")
        assert status == 503 and said == w.FAILURE_REPLY  # the lock store is away: a clear answer, no crash
        redis.start()
        status, said, again = say(servers.base, token, "会影响征信吗")
        assert status == 200 and again == token and "征信" in said
    finally:
        servers.stop()
        redis.stop()


@pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's server programs are not installed")
def test_the_bot_recovers_by_itself_after_postgresql_restarts(tmp_path, model_path):
    import getpass
    import tempfile

    # A folder the postgres user can reach (pytest's are private to this user).
    home = Path(tempfile.mkdtemp(prefix="zhaida-pg-"))
    home.chmod(0o777)
    data, port = home / "data", local_servers.free_port()
    runner: list[str] = []
    if getpass.getuser() == "root":  # PostgreSQL refuses to run as root: a private cluster as its own user
        runner = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*runner, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "zhaida"],
        check=True,
        capture_output=True,
    )
    ctl = [
        *runner,
        str(PG_BIN / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        f"-p {port} -k {home} -c listen_addresses=127.0.0.1",
        "-l",
        str(home / "pg.log"),
        "-w",
    ]
    subprocess.run([*ctl, "start"], check=True, capture_output=True)
    url = f"postgresql://zhaida@127.0.0.1:{port}/postgres"
    servers = local_servers.start(tmp_path / "var", {"ZHAIDA_DATABASE_URL": url})
    try:
        status, said, token = say(servers.base, None, "借呗逾期了会怎样")
        assert status == 200 and "逾期" in said
        subprocess.run([*ctl, "-m", "fast", "restart"], check=True, capture_output=True)
        deadline, status = time.monotonic() + 60, 0
        while status != 200 and time.monotonic() < deadline:  # the first turn may meet a dropped connection
            status, said, again = say(servers.base, token, "会影响征信吗")
            if status != 200:
                assert status == 503 and said == w.FAILURE_REPLY
                time.sleep(1)
        assert status == 200 and again == token and "征信" in said
    finally:
        servers.stop()
        subprocess.run([*ctl, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def test_a_slow_knowledge_base_times_out_instead_of_hanging(tmp_path, model_path):
    """A KB read that blocks (here: a lock held on kb_meta) is abandoned after ZHAIDA_KB_TIMEOUT: the turn is
    answered from the copy read last, or with a clear message when there is none, and never waits for the lock."""
    import uuid

    import sqlalchemy as sa

    from tests.conftest import POSTGRES, postgres_available

    if not postgres_available():
        pytest.skip(f"no PostgreSQL at {POSTGRES}")
    name = f"zhaida_slow_kb_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    url = POSTGRES.rsplit("/", 1)[0] + "/" + name
    blocker = sa.create_engine(url, future=True)
    servers = local_servers.start(tmp_path / "var", {"ZHAIDA_DATABASE_URL": url, "ZHAIDA_KB_TIMEOUT": "1"})

    def timed(token: str | None, text: str) -> tuple[float, int, str, str]:
        started = time.monotonic()
        status, said, token = say(servers.base, token, text)
        return time.monotonic() - started, status, said, token

    try:
        with blocker.connect() as lock:  # before any read: the action server has no copy yet
            lock.execute(sa.text("LOCK TABLE kb_meta IN ACCESS EXCLUSIVE MODE"))
            took, status, said, token = timed(None, "借呗逾期了会怎样")
            lock.rollback()
        assert status == 200 and w.KB_DOWN in said and took < 30
        took, status, said, token = timed(token, "会影响征信吗")
        assert status == 200 and "征信" in said  # the lock is gone: the KB is read again
        with blocker.connect() as lock:
            lock.execute(sa.text("LOCK TABLE kb_meta IN ACCESS EXCLUSIVE MODE"))
            took, status, said, _ = timed(token, "催收天天打电话给我家人怎么办")
            lock.rollback()
        assert status == 200 and took < 30
        assert w.KB_DOWN not in said and ("催收" in said or "联系人" in said)  # answered from the copy read last
    finally:
        servers.stop()
        blocker.dispose()
        with admin.connect() as c:
            c.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
