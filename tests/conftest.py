"""Fixtures that run the real thing: the trained model behind the Rasa and action servers.

The servers are started by `python -m bot.launcher`, the command behind `make run`,
on free ports with a private SQLite database, and stopped with SIGINT (Ctrl-C) at
the end, which must leave no server behind.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
import requests

from bot import local_servers, modelstore

API_TOKEN = "zhaida-test-token"
ACTIONS_TOKEN = "zhaida-test-actions-token"
POSTGRES = os.environ.get("ZHAIDA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


class Bot:
    """A client for the running servers: REST channel, parse API and tracker API.

    Tests name their conversations as they like; the server issues the session token, which the
    client keeps per name and sends back, as the chat page does.
    """

    def __init__(self, base: str, database_url: str):
        self.base = base
        self.database_url = database_url
        self.http = requests.Session()
        self.sessions: dict[str, str] = {}

    def say(self, sender: str, message: str, metadata: dict | None = None) -> list[dict]:
        reply = self.send(sender, message, metadata)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def send(self, sender: str, message: object, metadata: object = None) -> requests.Response:
        body = {"sender": self.sessions.get(sender), "message": message, **({"metadata": metadata} if metadata else {})}
        reply = self.http.post(f"{self.base}/webhooks/rest/webhook", json=body, timeout=120)
        if "X-Zhaida-Session" in reply.headers:
            self.sessions[sender] = reply.headers["X-Zhaida-Session"]
        return reply

    def conversation_id(self, sender: str) -> str:
        """The id the conversation is stored under (the token without its signature)."""
        return self.sessions[sender].split(".")[0]

    def post_raw(self, body: bytes, content_type: str = "application/json") -> requests.Response:
        return self.http.post(
            f"{self.base}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, timeout=60
        )

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {API_TOKEN}", **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.base}{path}", headers=headers, timeout=60, **kwargs)

    def parse(self, text: str) -> dict:
        reply = self.api("POST", "/model/parse", json={"text": text})
        assert reply.status_code == 200, reply.text
        return reply.json()

    def tracker(self, sender: str) -> dict:
        reply = self.api("GET", f"/conversations/{self.conversation_id(sender)}/tracker")
        assert reply.status_code == 200, reply.text
        return reply.json()


def postgres_available() -> bool:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(POSTGRES)
        with engine.connect() as c:
            c.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch) -> str:
    """Our schema, migrated, on a fresh SQLite file and on the PostgreSQL server (when one runs here)."""
    from bot import db

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'zhaida.db'}"
    else:
        if not postgres_available():
            pytest.skip(f"no PostgreSQL at {POSTGRES}")
        url = POSTGRES
    monkeypatch.setenv("ZHAIDA_DATABASE_URL", url)
    db.create_schema(url)
    return url


@pytest.fixture(scope="session")
def model_path() -> Path:
    model = modelstore.current_model()
    if model is None:
        pytest.fail("no trained model matches the sources: run `make model` (make test does)")
    return model


@pytest.fixture(scope="session")
def wechat_api():
    """The stand-in for WeChat's message API that the servers' WeChat and WeCom channels talk to."""
    from tests.wechat_peer import MessageApi

    api = MessageApi()
    yield api
    api.close()


@pytest.fixture(scope="session")
def host_page():
    """A page on another origin that embeds the widget (tests/server/test_widget.py)."""
    from tests.host_page import HostPage

    page = HostPage()
    yield page
    page.close()


@pytest.fixture(scope="session")
def helpdesk():
    """A team's helpdesk that the servers post new tickets to (bot/ticket_events.py)."""
    from tests.helpdesk import Helpdesk

    desk = Helpdesk()
    yield desk
    desk.close()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory, model_path: Path, wechat_api, host_page, helpdesk):
    from tests import wechat_peer
    from tests.helpdesk import SECRET

    env = {
        "ZHAIDA_API_TOKEN": API_TOKEN,
        "ZHAIDA_ACTIONS_TOKEN": ACTIONS_TOKEN,
        "ZHAIDA_WIDGET_ORIGINS": host_page.origin,
        # The suite sends many messages in some conversations; the limit itself is tested in test_replicas.py.
        "ZHAIDA_RATE_LIMIT": "1000/60",
        "ZHAIDA_TICKET_WEBHOOK_URL": helpdesk.url,
        "ZHAIDA_TICKET_WEBHOOK_SECRET": SECRET,
        **wechat_peer.env(wechat_api.base),
    }
    try:
        running = local_servers.start(tmp_path_factory.mktemp("var"), env)
    except local_servers.StartError as error:
        pytest.fail(str(error))
    host_page.base = running.base
    yield running
    # Ctrl-C must stop both servers and free both ports.
    code = running.stop()
    assert code == 0, f"launcher exited with {code} on SIGINT"
    for port in (running.rasa_port, running.actions_port):
        assert not local_servers.port_open(port), f"port {port} still served after Ctrl-C"


@pytest.fixture(scope="session")
def bot(servers) -> Bot:
    return Bot(servers.base, servers.database_url)


@pytest.fixture(scope="module")
def browser(servers):
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser)."""
    from tests.server.test_browser import ARGS, CHROMIUM
    from tests.server.test_widget import SHOTS

    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def pytest_terminal_summary(terminalreporter) -> None:
    """The fuzzers' counts (tests/server/test_fuzz.py), for the README's security section."""
    fuzz = sys.modules.get("tests.server.test_fuzz")
    if fuzz and fuzz.SENT:
        per_surface = ", ".join(f"{k} {v}" for k, v in sorted(fuzz.SENT.items()))
        terminalreporter.write_line(
            f"fuzz: {sum(fuzz.SENT.values())} hostile inputs ({per_surface}); "
            f"{sum(fuzz.SERVER_ERRORS.values())} answered with a 5xx"
        )
