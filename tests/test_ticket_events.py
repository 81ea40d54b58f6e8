"""The ticket webhook against a real local HTTP server: retries with backoff, signature, never blocking."""

import hmac
import time

import pytest

from bot import ticket_events
from tests.helpdesk import SECRET, Helpdesk

TICKET = {"id": 7, "conversation_id": "c-1", "priority": "P1", "summary": "平台未说｜…", "transcript": ["never sent"]}


@pytest.fixture
def helpdesk():
    desk = Helpdesk()
    yield desk
    desk.close()


def test_a_failing_helpdesk_is_retried_until_it_takes_the_ticket(helpdesk):
    helpdesk.fail_next = 2
    waits = []
    body = ticket_events.body_of("ticket.opened", TICKET)
    assert ticket_events.deliver(helpdesk.url, body, SECRET, sleep=waits.append)
    assert helpdesk.attempts == 3 and waits == [0.0, 1.0, 2.0]  # backoff doubles
    [got] = helpdesk.received
    assert got["json"] == {
        "event": "ticket.opened",
        "ticket": {k: TICKET.get(k) for k in ticket_events.FIELDS},
    }
    expected = "sha256=" + hmac.new(SECRET.encode(), got["body"], "sha256").hexdigest()
    assert got["signature"] == expected and "transcript" not in got["json"]["ticket"]


def test_a_helpdesk_that_never_answers_is_given_up_on(helpdesk):
    helpdesk.fail_next = 100
    assert not ticket_events.deliver(helpdesk.url, b"{}", None, sleep=lambda _: None)
    assert helpdesk.attempts == len(ticket_events.BACKOFF_SECONDS) + 1


def test_an_unreachable_helpdesk_does_not_raise():
    assert not ticket_events.deliver("http://127.0.0.1:9/x", b"{}", None, sleep=lambda _: None)


def test_notify_returns_at_once_and_does_nothing_without_a_url(helpdesk, monkeypatch):
    monkeypatch.delenv(ticket_events.URL_ENV, raising=False)
    assert ticket_events.notify("ticket.opened", TICKET) is None
    monkeypatch.setenv(ticket_events.URL_ENV, helpdesk.url)
    helpdesk.fail_next = 1  # the first try fails; the retry waits a second in the background
    start = time.monotonic()
    thread = ticket_events.notify("ticket.opened", TICKET)
    assert thread is not None and time.monotonic() - start < 0.5
    thread.join(timeout=30)
    assert helpdesk.attempts == 2 and len(helpdesk.received) == 1
