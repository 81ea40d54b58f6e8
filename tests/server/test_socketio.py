"""The socket.io channel (the web widget's transport) answers, and masks like the REST channel."""

import json
import queue
import time

import pytest
import socketio
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.server


@pytest.fixture
def widget(servers):
    client = socketio.Client(reconnection=False)
    replies: queue.Queue = queue.Queue()
    confirmed: queue.Queue = queue.Queue()
    client.on("bot_uttered", lambda data: replies.put(data))
    client.on("session_confirm", lambda token: confirmed.put(token))
    client.connect(servers.base, socketio_path="/socket.io", transports=["polling"], wait_timeout=30)
    client.emit("session_request", {"session_id": None})
    token = confirmed.get(timeout=30)
    yield client, replies, token
    client.disconnect()


def whole_reply(replies: queue.Queue) -> str:
    """Rasa's socket.io channel sends one event per paragraph: collect until it goes quiet."""
    parts = [replies.get(timeout=60)["text"]]
    while True:
        try:
            parts.append(replies.get(timeout=3)["text"])
        except queue.Empty:
            return "\n\n".join(parts)


def test_a_widget_message_is_answered_from_the_kb(widget):
    client, replies, session = widget
    client.emit("user_uttered", {"message": "逾期记录多久能消", "session_id": session})
    answer = whole_reply(replies)
    assert "5年" in answer and "依据：" in answer


def test_widget_messages_are_masked_before_storage(widget, servers):
    client, replies, session = widget
    client.emit("user_uttered", {"message": "我手机13812345678，催收天天打电话", "session_id": session})
    whole_reply(replies)
    engine = create_engine(servers.database_url)
    deadline = time.monotonic() + 20
    stored = ""
    while "手机号已隐藏" not in stored and time.monotonic() < deadline:  # the tracker is saved after the reply
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT data FROM events WHERE sender_id = :s"), {"s": session.split(".")[0]}
            ).fetchall()
        stored = "\n".join(json.dumps(json.loads(r[0]), ensure_ascii=False) for r in rows)
        time.sleep(0.5)
    engine.dispose()
    assert "手机号已隐藏" in stored and "13812345678" not in stored
