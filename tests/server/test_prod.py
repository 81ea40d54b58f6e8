"""`make run-prod` on this machine: two replicas behind nginx on PostgreSQL and Redis. A conversation goes
through nginx over REST and socket.io, and carries on when the replica serving it is killed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests
import sqlalchemy as sa

from bot import local_servers
from bot.prod import READY
from bot.settings import PROJECT_ROOT
from tests.conftest import POSTGRES, postgres_available

pytestmark = pytest.mark.server
NGINX = "/usr/sbin/nginx"
DATABASE = "zhaida_prod_test"


@pytest.fixture(scope="module")
def prod(tmp_path_factory, model_path):
    if not (os.path.exists(NGINX) and postgres_available() and local_servers.port_open(6379)):
        pytest.skip("needs nginx (make nginx), PostgreSQL and Redis")
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE}"))
    admin.dispose()
    var = tmp_path_factory.mktemp("prod")
    port = local_servers.free_port()
    env = {
        **os.environ,
        "ZHAIDA_VAR_DIR": str(var),
        "ZHAIDA_DATABASE_URL": POSTGRES.rsplit("/", 1)[0] + "/" + DATABASE,
        "ZHAIDA_REDIS_URL": "redis://127.0.0.1:6379/7",
        "ZHAIDA_PROD_PORT": str(port),
    }
    log = open(var / "prod.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "bot.prod"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 240
    while READY not in (var / "prod.log").read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail((var / "prod.log").read_text(errors="replace")[-3000:])
        time.sleep(0.5)
    yield f"http://127.0.0.1:{port}", var / "prod"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=90) == 0
    assert not local_servers.port_open(port)


def say(base: str, token: str | None, text: str) -> tuple[int, str, str]:
    """(status, the bot's texts, the session token)."""
    reply = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": token, "message": text}, timeout=120)
    said = " ".join(r.get("text") or "" for r in reply.json()) if reply.status_code == 200 else reply.text
    return reply.status_code, said, reply.headers.get("X-Zhaida-Session", "")


def last_upstream(prod_dir, requests_seen: int) -> str:
    """The replica that served the `requests_seen`-th REST turn, from nginx's access log (written just after
    the response, so it is waited for)."""
    deadline = time.monotonic() + 10
    while True:
        lines = [x for x in (prod_dir / "nginx" / "access.log").read_text().splitlines() if "/webhooks/rest/" in x]
        if len(lines) >= requests_seen or time.monotonic() > deadline:
            tried = lines[requests_seen - 1].split("upstream=", 1)[1]  # "a:1, b:2" when the first one failed
            return tried.split(", ")[-1].strip()
        time.sleep(0.1)


def test_a_conversation_survives_the_death_of_the_replica_serving_it(prod):
    base, prod_dir = prod
    status, said, token = say(base, None, "借呗逾期了会怎样")
    assert status == 200 and "逾期" in said
    serving = last_upstream(prod_dir, 1)
    port = int(serving.rsplit(":", 1)[1])
    replica = next(d for d in prod_dir.glob("replica-*") if _port_of(d) == port)
    os.kill(int((replica / "run" / "rasa.pid").read_text()), signal.SIGKILL)
    status, said, again = say(base, token, "会影响征信吗")
    assert status == 200 and again == token and "征信" in said
    assert last_upstream(prod_dir, 2) != serving  # nginx moved the conversation to the other replica
    status, said, _ = say(base, token, "逾期记录多久能消")
    assert status == 200 and "5年" in said


def _port_of(replica_dir) -> int:
    """The Rasa port a replica's launcher was given (from its log's ready line)."""
    text = (replica_dir / "launcher.log").read_text(errors="replace")
    return int(re.search(r"Chat page:\s+http://127\.0\.0\.1:(\d+)/", text).group(1))


def test_the_widget_transport_goes_through_nginx(prod):
    import queue

    import socketio

    base, _ = prod
    client = socketio.Client(reconnection=False)
    replies: queue.Queue = queue.Queue()
    client.on("bot_uttered", lambda data: replies.put(data))
    client.connect(base, socketio_path="/socket.io", transports=["websocket"], wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": None})
        client.emit("user_uttered", {"message": "花呗逾期一天会上征信吗"})
        assert "征信" in str(replies.get(timeout=60))
    finally:
        client.disconnect()
