"""A conversation belongs to whoever holds its server-issued token: an id alone joins nothing."""

import queue
import time

import pytest
import socketio

pytestmark = pytest.mark.server

VICTIM_STORY = "借呗欠了两万三，逾期45天，每月工资六千，房租两千"


class Widget:
    """A real socket.io client, as the web widget is."""

    def __init__(self, base: str):
        self.client = socketio.Client(reconnection=False)
        self.replies: queue.Queue = queue.Queue()
        self.confirmed: queue.Queue = queue.Queue()
        self.client.on("bot_uttered", lambda data: self.replies.put(data))
        self.client.on("session_confirm", lambda token: self.confirmed.put(token))
        self.client.connect(base, socketio_path="/socket.io", transports=["polling"], wait_timeout=30)

    def request_session(self, session_id) -> str:
        self.client.emit("session_request", {"session_id": session_id})
        return self.confirmed.get(timeout=30)

    def say(self, message, session_id=None) -> str:
        self.client.emit("user_uttered", {"message": message, "session_id": session_id})
        parts = [self.replies.get(timeout=60).get("text", "")]
        while True:
            try:
                parts.append(self.replies.get(timeout=3).get("text", ""))
            except queue.Empty:
                return "\n".join(parts)

    def silence(self, seconds: float) -> list:
        time.sleep(seconds)
        heard = []
        while not self.replies.empty():
            heard.append(self.replies.get())
        return heard

    def close(self):
        self.client.disconnect()


@pytest.fixture
def widgets(servers):
    opened = []

    def open_widget() -> Widget:
        opened.append(Widget(servers.base))
        return opened[-1]

    yield open_widget
    for widget in opened:
        widget.close()


def test_a_second_socket_cannot_join_a_conversation_by_its_id(widgets):
    victim, attacker = widgets(), widgets()
    token = victim.request_session(None)
    conversation_id = token.split(".")[0]
    assert "23,000" in victim.say(VICTIM_STORY, token)

    for claimed in (conversation_id, conversation_id + ".AAAAAAAAAAAAAAAAAAAAAA", token[:-1] + "x"):
        issued = attacker.request_session(claimed)
        assert issued.split(".")[0] != conversation_id, "a forged id must get a new conversation"
    # Speaking with the victim's token in the message does not move the attacker's socket.
    answer = attacker.say("继续算", token)
    assert "23,000" not in answer and "23000" not in answer and "6,000" not in answer
    assert victim.silence(4) == [], "the victim's socket heard the attacker's conversation"


def test_the_owner_with_its_token_resumes_on_a_new_socket(widgets):
    first = widgets()
    token = first.request_session(None)
    first.say("花呗逾期了会怎样", token)
    first.close()
    second = widgets()
    assert second.request_session(token) == token
    assert "花呗" in second.say("逾期罚息怎么算", token)


def test_rest_unsigned_or_forged_ids_start_an_empty_conversation(bot, sender):
    bot.say(sender, VICTIM_STORY)
    bot.say(sender, "不知道")
    before = bot.tracker(sender)["slots"]
    victim = bot.sessions[sender]
    conversation_id = victim.split(".")[0]
    for claimed in (conversation_id, victim[:-2] + "AA", "me", "13812345678"):
        reply = bot.http.post(
            f"{bot.base}/webhooks/rest/webhook", json={"sender": claimed, "message": "继续算"}, timeout=60
        )
        assert reply.status_code == 200
        issued = reply.headers["X-Zhaida-Session"]
        assert issued.split(".")[0] != conversation_id
        text = "".join(r.get("text", "") for r in reply.json())
        assert "23,000" not in text and "23000" not in text
        assert all(r["recipient_id"] == issued for r in reply.json())
    # The owner still has the whole conversation.
    assert bot.tracker(sender)["slots"] == before


def test_a_session_can_be_asked_for_before_the_first_message(bot):
    reply = bot.http.post(f"{bot.base}/webhooks/rest/session", timeout=30)
    token = reply.json()["session_id"]
    answer = bot.http.post(f"{bot.base}/webhooks/rest/webhook", json={"sender": token, "message": "你好"}, timeout=60)
    assert answer.headers["X-Zhaida-Session"] == token
