"""Two Rasa replicas (each with its action server) share one PostgreSQL database and Rasa's Redis lock store:
a conversation can move between them turn by turn, and turns sent to both at once are taken one at a time,
with no event lost, repeated or interleaved."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from bot import local_servers
from tests import wechat_peer
from tests.conftest import API_TOKEN, POSTGRES, postgres_available

pytestmark = pytest.mark.server
DATABASE = "zhaida_replicas_test"
REDIS = "redis://127.0.0.1:6379/5"
LIMIT = 12


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, model_path, wechat_api):
    if not (postgres_available() and local_servers.port_open(6379)):
        pytest.skip("needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379")
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        c.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    env = {
        "ZHAIDA_DATABASE_URL": POSTGRES.rsplit("/", 1)[0] + "/" + DATABASE,
        "ZHAIDA_SESSION_SECRET": "replica-test-secret-shared-by-both",
        "ZHAIDA_REDIS_URL": REDIS,
        "ZHAIDA_API_TOKEN": API_TOKEN,
        "ZHAIDA_RATE_LIMIT": f"{LIMIT}/60",
        **wechat_peer.env(wechat_api.base),
    }
    started = []
    try:
        for name in ("a", "b"):
            started.append(local_servers.start(tmp_path_factory.mktemp(f"replica-{name}"), env))
    except local_servers.StartError as error:
        for servers in started:
            servers.stop()
        pytest.fail(str(error))
    yield started
    for servers in started:
        assert servers.stop() == 0


def say(base: str, token: str | None, text: str) -> tuple[int, str]:
    reply = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": token, "message": text}, timeout=120)
    return reply.status_code, reply.headers.get("X-Zhaida-Session", "")


def turns(base: str, conversation: str) -> list[list[str]]:
    """The stored conversation as turns: each user message with the bot events that answered it."""
    tracker = requests.get(
        f"{base}/conversations/{conversation}/tracker",
        headers={"Authorization": f"Bearer {API_TOKEN}"},
        timeout=60,
    ).json()
    grouped: list[list[str]] = []
    for event in tracker["events"]:
        if event.get("event") == "user":
            grouped.append([event.get("text")])
        elif event.get("event") == "bot" and grouped:
            grouped[-1].append("bot")
    return grouped


def test_a_conversation_moves_between_replicas_turn_by_turn(replicas):
    a, b = (servers.base for servers in replicas)
    status, token = say(a, None, "借呗逾期了会怎样")
    assert status == 200 and token
    questions = ["会影响征信吗", "逾期记录多久能消", "能协商分期吗", "催收天天打电话合法吗", "谢谢"]
    for i, text in enumerate(questions):
        status, again = say(b if i % 2 == 0 else a, token, text)
        assert status == 200 and again == token  # one conversation, whichever replica answers
    stored = turns(b, token.split(".")[0])
    assert [t[0] for t in stored] == ["借呗逾期了会怎样", *questions]
    assert all(len(t) >= 2 for t in stored)  # every message was answered


def test_turns_sent_to_both_replicas_at_once_are_taken_one_at_a_time(replicas):
    a, b = (servers.base for servers in replicas)
    _, token = say(a, None, "你好")
    texts = [f"第{i}个问题：花呗逾期{i}天会上征信吗" for i in range(1, 9)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda it: say(a if it[0] % 2 else b, token, it[1]), enumerate(texts)))
    assert all(status == 200 for status, _ in results)
    stored = turns(a, token.split(".")[0])
    said = [t[0] for t in stored[1:]]
    assert sorted(said) == sorted(texts)  # each once: nothing lost, nothing repeated
    assert all(len(t) >= 2 for t in stored)  # each answered before the next one began


def test_the_rate_limit_is_shared_by_the_replicas(replicas):
    from bot import wording as w

    a, b = (servers.base for servers in replicas)
    _, token = say(a, None, "你好")
    refused = allowed = 0
    for i in range(30):
        reply = requests.post(
            f"{a if i % 2 else b}/webhooks/rest/webhook", json={"sender": token, "message": f"第{i}条"}, timeout=60
        )
        assert reply.status_code == 200
        if any(r.get("text") == w.RATE_LIMITED for r in reply.json()):
            refused += 1
        else:
            allowed += 1
    # 31 messages (the greeting too) within at most two one-minute windows: at most 2 × LIMIT got through,
    # however the replicas shared them.
    assert allowed + 1 <= 2 * LIMIT and refused >= 31 - 2 * LIMIT
    assert allowed + 1 >= LIMIT


def test_a_wechat_message_retried_on_both_replicas_makes_one_turn(replicas):
    import random
    import uuid

    from bot.channels.wechat import conversation_id

    a, b = (wechat_peer.OfficialAccount(servers.base) for servers in replicas)
    openid = f"o{uuid.uuid4().hex[:27]}"
    xml = wechat_peer.message_xml(openid, "text", random.randrange(10**15, 10**16), Content="花呗逾期会怎样")
    with ThreadPoolExecutor(4) as pool:  # WeChat's first delivery and its retries, landing on either replica
        replies = list(pool.map(lambda i: (a if i % 2 else b).post(xml, openid), range(4)))
    assert all(r.status == 200 for r in replies)
    answers = {r.content for r in replies if r.content}
    assert len(answers) == 1 and "回复数字" in next(iter(answers))
    # One turn, whichever replica took it (without the shared claim, each replica answered: two turns).
    stored = turns(replicas[0].base, conversation_id("wx", wechat_peer.APPID, openid))
    assert [t[0] for t in stored] == ["花呗逾期会怎样"]


def test_an_agent_on_one_replica_reaches_a_wechat_user_who_wrote_to_the_other(replicas, wechat_api):
    import uuid

    from bot.channels.wechat import conversation_id

    a = wechat_peer.OfficialAccount(replicas[0].base)
    openid = f"o{uuid.uuid4().hex[:27]}"
    a.say(openid, "借呗逾期了")
    assert "已为您登记人工服务" in a.say(openid, "转人工").content
    conversation = conversation_id("wx", wechat_peer.APPID, openid)
    agent = {"Authorization": f"Bearer {API_TOKEN}", "X-Zhaida-Agent": "replica-agent"}
    b = replicas[1].base  # the agent's console talks to the other replica
    listed = requests.get(f"{b}/agent/tickets", headers=agent, timeout=60).json()["tickets"]
    number = next(t["id"] for t in listed if t["conversation_id"] == conversation)
    assert requests.post(f"{b}/agent/tickets/{number}/claim", headers=agent, timeout=60).status_code == 200
    sent = requests.post(f"{b}/agent/tickets/{number}/reply", headers=agent, json={"text": "您好"}, timeout=60)
    assert sent.json()["delivered"] is True
    assert [m for m in wechat_api.wait_for(openid) if m["content"] == "人工客服：您好"]
