"""A server that dies is restarted by the launcher, and the conversation it was serving goes on."""

import os
import signal
import time

import pytest
import requests

pytestmark = pytest.mark.server


def wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    pytest.fail(f"{url} did not come back within {seconds} s")


def kill(servers, name: str) -> int:
    pid = servers.pid(name)
    os.killpg(pid, signal.SIGKILL)
    return pid


def new_pid(servers, name: str, old: int, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pid = servers.pid(name)
        if pid != old:
            return pid
        time.sleep(0.5)
    pytest.fail(f"the launcher did not restart the {name} server")


@pytest.mark.parametrize("name, health", [("actions", "/health"), ("rasa", "/webhooks/rest/")])
def test_a_killed_server_comes_back_and_the_conversation_continues(bot, servers, sender, name, health):
    bot.say(sender, "我借呗欠了两万三")
    old = kill(servers, name)
    new_pid(servers, name, old)
    port = servers.actions_port if name == "actions" else servers.rasa_port
    wait_for(f"http://127.0.0.1:{port}{health}")
    replies = bot.say(sender, "逾期罚息怎么算")
    answer = "".join(r.get("text", "") for r in replies)
    assert "借呗" in answer, answer  # the platform said before the crash is remembered
    assert bot.tracker(sender)["slots"]["amount"] == 23000
    log = servers.log.read_text(errors="replace")
    assert f"the {name} server exited" in log and f"the {name} server restarted" in log
