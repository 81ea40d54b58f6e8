"""Bounded fuzzing of everything the servers expose: no 5xx, and a live server after every batch.

Each test sends hypothesis-generated hostile input to one surface (REST webhook and session, the chat
page and other GET routes, the authenticated HTTP API, socket.io events, the action server) and then
checks that an ordinary message is still answered. The counts are printed at the end of the run.
"""

import json
import queue
import time
from collections import Counter

import pytest
import requests
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ACTIONS_TOKEN, API_TOKEN

pytestmark = pytest.mark.server

SENT: Counter = Counter()
SERVER_ERRORS: Counter = Counter()
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Strings people and attackers send: CJK, emoji, controls, bidi, surrogates, numbers, markup.
nasty_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=100),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\ud800",
            "x\udc00",
            "\u202e",
            "<script>alert(1)</script>",
            "{{7*7}}",
            "'; DROP TABLE events; --",
            "../../etc/passwd",
            "借呗" * 2000,
            "１３８１２３４５６７８",
            "/restart",
            "/human_handoff",
            '/inform{"amount": 1e309}',
            '/negotiate_repayment{"calc": [[[]]]}',
            "%s%s%s",
            "\r\n\r\nHTTP/1.1 200 OK",
            "w" + "0" * 32 + ".AAAAAAAAAAAAAAAAAAAAAA",
        ]
    ),
)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | nasty_text,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(nasty_text, children, max_size=5),
    max_leaves=40,
)


def raw_json(value) -> bytes:
    # allow_nan and lone surrogates on purpose: what a hostile client can put on the wire.
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


bodies = st.one_of(
    st.binary(max_size=3000),
    json_like.map(raw_json),
    st.fixed_dictionaries({}, optional={"sender": json_like, "message": json_like, "metadata": json_like}).map(
        raw_json
    ),
    st.integers(1, 60).map(lambda n: b'{"message": "hi", "metadata": ' + b"[" * n * 1000 + b"}"),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ]
)


def record(surface: str, status: int) -> None:
    SENT[surface] += 1
    if status >= 500:
        SERVER_ERRORS[surface] += 1


def alive(bot) -> None:
    replies = bot.say("fuzz-liveness", "逾期记录多久能消")
    assert "5年" in "".join(r.get("text", "") for r in replies), replies


def test_rest_webhook(bot):
    @FUZZ
    @given(body=bodies, content_type=content_types)
    def send(body, content_type):
        reply = bot.http.post(
            f"{bot.base}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, timeout=120
        )
        record("rest", reply.status_code)
        assert reply.status_code < 500, (body[:200], reply.status_code, reply.text[:300])

    send()
    alive(bot)


def test_rest_messages_with_valid_envelopes(bot):
    """Well-formed requests with hostile text and metadata reach NLU and dialogue: each gets an answer."""

    @FUZZ
    @given(message=nasty_text, metadata=json_like)
    def send(message, metadata):
        body = {"message": message, "metadata": metadata if isinstance(metadata, dict) else None}
        try:
            data = json.dumps(body).encode()
        except UnicodeEncodeError:
            return
        reply = bot.http.post(
            f"{bot.base}/webhooks/rest/webhook", data=data, headers={"Content-Type": "application/json"}, timeout=120
        )
        record("rest-valid", reply.status_code)
        assert reply.status_code < 500, (message[:100], reply.text[:300])
        if reply.status_code == 200:
            assert reply.json() and all(r.get("text") or r.get("custom") for r in reply.json())

    send()
    alive(bot)


def test_get_routes_and_sessions(bot):
    @FUZZ
    @given(
        path=st.sampled_from(
            [
                "/webhooks/chat/",
                "/webhooks/rest/",
                "/webhooks/rest/session",
                "/",
                "/webhooks/rest/webhook",
                "/socket.io/",
                "/conversations/x/tracker",
                "/status",
                "/version",
                "/webhooks/chat/../../etc/passwd",
                "/webhooks/%ED%B0%80/",
            ]
        ),
        method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"]),
        query=st.dictionaries(st.text(max_size=10), st.text(max_size=30), max_size=3),
        body=st.binary(max_size=500),
    )
    def send(path, method, query, body):
        reply = bot.http.request(method, f"{bot.base}{path}", params=query, data=body, timeout=60)
        record("routes", reply.status_code)
        assert reply.status_code < 500, (method, path, reply.status_code, reply.text[:300])

    send()
    alive(bot)


def test_http_api_with_the_token(bot):
    @FUZZ
    @given(
        route=st.sampled_from(
            [
                "/model/parse",
                "/conversations/{c}/messages",
                "/conversations/{c}/tracker/events",
                "/conversations/{c}/tracker",
                "/conversations/{c}/story",
            ]
        ),
        conversation=st.text(min_size=1, max_size=40),
        body=bodies,
    )
    def send(route, conversation, body):
        path = route.replace("{c}", requests.utils.quote(conversation.encode("utf-8", "surrogatepass"), safe=""))
        method = "GET" if route.endswith(("tracker", "story")) else "POST"
        reply = bot.http.request(
            method,
            f"{bot.base}{path}",
            data=body,
            timeout=120,
            headers={"Authorization": f"Bearer {API_TOKEN}", "Content-Type": "application/json"},
        )
        record("http-api", reply.status_code)
        assert reply.status_code < 500, (route, conversation[:40], body[:200], reply.status_code, reply.text[:300])

    send()
    alive(bot)


def test_action_server(servers, bot):
    url = f"http://127.0.0.1:{servers.actions_port}/webhook"
    names = st.sampled_from(
        [
            "action_answer_topic",
            "action_request_human",
            "action_topic_fallback",
            "action_out_of_scope",
            "action_show_plan",
            "validate_plan_form",
            "action_start_plan",
            "nope",
        ]
    )
    events = st.lists(
        st.fixed_dictionaries(
            {"event": st.sampled_from(["user", "bot", "slot", "action", "x"])},
            optional={"text": nasty_text, "name": nasty_text, "value": json_like, "parse_data": json_like},
        ),
        max_size=6,
    )
    tracker = st.fixed_dictionaries(
        {"sender_id": nasty_text},
        optional={
            "slots": st.dictionaries(
                st.sampled_from(
                    ["platform", "amount", "duration", "notice_kind", "plan_income", "requested_slot", "x"]
                ),
                json_like,
                max_size=4,
            ),
            "latest_message": json_like,
            "events": events,
            "active_loop": json_like,
        },
    )
    calls = st.fixed_dictionaries(
        {"next_action": names, "tracker": tracker},
        optional={"sender_id": nasty_text, "domain": json_like, "version": nasty_text},
    )

    @FUZZ
    @given(call=st.one_of(calls.map(raw_json), bodies), authorised=st.booleans(), deflate=st.booleans())
    def send(call, authorised, deflate):
        import zlib

        headers = {"Content-Type": "application/json"}
        if authorised:
            headers["Authorization"] = f"Bearer {ACTIONS_TOKEN}"
        if deflate:
            call, headers["Content-Encoding"] = zlib.compress(call), "deflate"
        reply = requests.post(url, data=call, headers=headers, timeout=60)
        record("actions", reply.status_code)
        assert reply.status_code < 500, (call[:300], reply.status_code, reply.text[:300])
        if not authorised:
            assert reply.status_code == 401

    send()
    alive(bot)


def test_socketio_events(servers, bot):
    client = socketio.Client(reconnection=False)
    heard: queue.Queue = queue.Queue()
    client.on("bot_uttered", lambda data: heard.put(data))
    client.on("session_confirm", lambda token: heard.put({"confirm": token}))
    client.connect(servers.base, socketio_path="/socket.io", transports=["polling"], wait_timeout=30)
    try:

        @FUZZ
        @given(event=st.sampled_from(["user_uttered", "session_request", "message", "x"]), payload=json_like)
        def send(event, payload):
            try:
                json.dumps(payload).encode()
            except UnicodeEncodeError:
                payload = "x"
            client.emit(event, payload)
            # One packet per request, as a widget sends: under load the polling client would otherwise batch
            # queued events into one POST, and past the server's 256 KB limit it is refused and disconnected.
            client.eio.queue.join()
            SENT["socketio"] += 1
            if event == "user_uttered":  # every message, good or bad, gets something back
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    item = heard.get(timeout=60)
                    if "text" in item or "custom" in item or "quick_replies" in item:
                        break

        send()
        assert client.connected
    finally:
        client.disconnect()
    # A fresh widget still gets a session and an answer.
    fresh = socketio.Client(reconnection=False)
    replies: queue.Queue = queue.Queue()
    fresh.on("bot_uttered", lambda data: replies.put(data))
    fresh.on("session_confirm", lambda token: replies.put({"confirm": token}))
    fresh.connect(servers.base, socketio_path="/socket.io", transports=["polling"], wait_timeout=30)
    fresh.emit("session_request", {})
    token = replies.get(timeout=30)["confirm"]
    fresh.emit("user_uttered", {"message": "逾期记录多久能消", "session_id": token})
    assert "5年" in replies.get(timeout=60)["text"]
    fresh.disconnect()
    alive(bot)
