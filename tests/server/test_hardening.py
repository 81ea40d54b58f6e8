"""Hostile requests against the running servers: each is refused or contained, and the service goes on."""

import json
import time
import zlib
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import ACTIONS_TOKEN, API_TOKEN

pytestmark = pytest.mark.server


def answered(bot, sender) -> None:
    replies = bot.say(sender, "逾期记录多久能消")
    assert "5年" in "".join(r.get("text", "") for r in replies)


def test_the_request_that_once_stopped_the_server_gets_a_4xx_and_others_are_answered(bot, sender):
    """Issue 8: a lone surrogate in the sender ended Rasa (sys.exit in its SQL tracker store)."""
    reply = bot.post_raw(b'{"sender": "x\\udc00", "message": "hi"}')
    assert reply.status_code == 400 and "lone surrogate" in reply.json()["error"]
    answered(bot, sender)


@pytest.mark.parametrize(
    "body",
    [
        b'{"sender": "x\\u0000", "message": "hi"}',
        b'{"message": "hi\\udc00"}',
        b"[" * 100_000,
        b'{"message": "hi", "metadata": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    ],
)
def test_hostile_bodies_are_refused_and_the_server_goes_on(bot, sender, body):
    reply = bot.post_raw(body)
    assert 400 <= reply.status_code < 500, reply.text
    assert reply.json()["error"]
    answered(bot, sender)


def test_a_body_over_the_limit_is_refused_before_it_is_read(bot):
    reply = bot.post_raw(b'{"message": "' + b"a" * (2 * 1024 * 1024) + b'"}')
    assert reply.status_code == 413


def test_the_api_token_is_accepted_only_in_a_header(bot):
    url = f"{bot.base}/model/parse"
    assert requests.post(url, json={"text": "你好"}, timeout=30).status_code == 401
    assert requests.post(url, params={"token": API_TOKEN}, json={"text": "你好"}, timeout=30).status_code == 400
    wrong = requests.post(url, headers={"Authorization": "Bearer nope"}, json={"text": "你好"}, timeout=30)
    assert wrong.status_code == 401
    assert bot.api("POST", "/model/parse", json={"text": "你好"}).status_code == 200


def test_the_api_token_is_not_on_any_command_line(servers):
    for pid_file in (servers.var / "run").glob("*.pid"):
        cmdline = Path(f"/proc/{pid_file.read_text()}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert API_TOKEN not in cmdline and ACTIONS_TOKEN not in cmdline, cmdline


def test_the_chat_page_sends_its_security_headers(bot):
    page = requests.get(f"{bot.base}/webhooks/chat/", timeout=30)
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    reply = bot.post_raw(b"{}")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, read from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_action_server_listens_on_loopback_only(servers):
    addresses = listening_addresses(servers.actions_port)
    assert addresses == {"0100007F"}, addresses  # 127.0.0.1, little-endian hex


def action_call(name: str, sender: str = "victim") -> dict:
    return {
        "next_action": name,
        "sender_id": sender,
        "version": "3.6.2",
        "domain": {},
        "tracker": {
            "sender_id": sender,
            "slots": {},
            "latest_message": {},
            "events": [{"event": "user", "text": "<script>alert(1)</script> 13812345678", "parse_data": {}}],
        },
    }


def handoff_rows(database_url: str, conversation_id: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM tickets WHERE conversation_id = :c"), {"c": conversation_id}
        ).scalar()
    engine.dispose()
    return count


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": ACTIONS_TOKEN},
        {"Authorization": f"Basic {ACTIONS_TOKEN}"},
    ],
)
def test_the_action_server_refuses_calls_without_the_shared_secret(servers, headers):
    url = f"http://127.0.0.1:{servers.actions_port}/webhook"
    reply = requests.post(url, json=action_call("action_request_human", "forged-victim"), headers=headers, timeout=30)
    assert reply.status_code == 401
    assert handoff_rows(servers.database_url, "forged-victim") == 0
    assert requests.get(f"http://127.0.0.1:{servers.actions_port}/actions", timeout=30).status_code == 401


def test_the_action_server_bounds_deflate_bodies_and_does_not_echo(servers):
    url = f"http://127.0.0.1:{servers.actions_port}/webhook"
    auth = {"Authorization": f"Bearer {ACTIONS_TOKEN}"}
    bomb = zlib.compress(b"{" + b" " * (64 * 1024 * 1024) + b"}", 9)
    reply = requests.post(url, data=bomb, headers={**auth, "Content-Encoding": "deflate"}, timeout=60)
    assert reply.status_code == 413
    # An action that fails on a malformed tracker: the error says so and holds none of the request.
    marker = "13912345678-MARKER"
    body = {"next_action": "action_answer_topic", "sender_id": marker, "tracker": {"note": marker}, "domain": {}}
    reply = requests.post(url, json=body, headers=auth, timeout=60)
    assert reply.status_code >= 400 and marker not in reply.text
    ok = requests.post(
        url,
        data=zlib.compress(json.dumps(action_call("action_no_such")).encode()),
        headers={**auth, "Content-Encoding": "deflate", "Content-Type": "application/json"},
        timeout=30,
    )
    assert ok.status_code == 404  # a good deflate body still reaches rasa-sdk


def stored_events(database_url: str) -> str:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, data FROM events")).fetchall()
    engine.dispose()
    return "\n".join(f"{s} {json.dumps(json.loads(d), ensure_ascii=False)}" for s, d in rows)


def test_the_http_api_stores_masked_text_and_hashed_phone_sender_ids(bot, servers):
    phone_sender, secret = "13712345678", "我身份证110101199003071234"
    reply = bot.api("POST", f"/conversations/{phone_sender}/messages", json={"text": secret, "sender": "user"})
    assert reply.status_code == 200, reply.text
    deadline = time.monotonic() + 10
    while "身份证号已隐藏" not in stored_events(servers.database_url) and time.monotonic() < deadline:
        time.sleep(0.5)
    stored = stored_events(servers.database_url)
    assert "身份证号已隐藏" in stored
    assert "110101199003071234" not in stored and phone_sender not in stored
    # The owner of the API can still read the conversation by the id it used.
    assert bot.api("GET", f"/conversations/{phone_sender}/tracker").json()["sender_id"] == phone_sender


@pytest.mark.parametrize(
    "path, body",
    [
        ("/conversations/x%ED%B0%80/messages", {"text": "你好", "sender": "user"}),
        ("/conversations/x%00y/tracker", None),
        ("/conversations/a/messages", {"text": "hi", "sender": "user", "parse_data": {"intent": "x"}}),
        ("/conversations/a/tracker/events", [{"event": "no-such-event"}]),
        ("/conversations/a/tracker/events", {"event": "user", "text": "x\udc00"}),
        ("/model/parse", {"text": ["not", "text"]}),
    ],
)
def test_the_http_api_refuses_what_rasa_would_fail_on(bot, sender, path, body):
    data = json.dumps(body).encode() if body is not None else None  # ASCII escapes carry the surrogate
    reply = bot.api(
        "POST" if body is not None else "GET", path, data=data, headers={"Content-Type": "application/json"}
    )
    assert 400 <= reply.status_code < 500, reply.text
    answered(bot, sender)


def hold_write_lock(database_url: str, seconds: float) -> None:
    import sqlite3

    connection = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30)
    connection.execute("BEGIN EXCLUSIVE")
    time.sleep(seconds)
    connection.rollback()
    connection.close()


def test_a_database_fault_fails_one_request_with_a_retry_hint_and_the_server_goes_on(bot, sender, servers):
    """Rasa's own store turned database errors into sys.exit or an empty conversation; ours into a 503."""
    import threading

    bot.say(sender, "我借呗欠了两万三")
    pid = (servers.var / "run" / "rasa.pid").read_text()
    locker = threading.Thread(target=hold_write_lock, args=(servers.database_url, 12))
    locker.start()
    time.sleep(0.5)
    reply = bot.send(sender, "逾期罚息怎么算")
    locker.join()
    assert reply.status_code == 503 and reply.headers["Retry-After"]
    assert "没有丢失" in reply.json()[0]["text"]
    answer = "".join(r.get("text", "") for r in bot.say(sender, "逾期罚息怎么算"))
    assert "借呗" in answer  # the conversation was neither lost nor replaced by an empty one
    assert (servers.var / "run" / "rasa.pid").read_text() == pid, "the Rasa server was restarted"
